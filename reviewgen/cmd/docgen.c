/* cmd/docgen.c -- the man page and the bash and zsh completions, written from
 * the command table, the --help texts, the options tables and the exit-code
 * table, so none of them can drift from what the commands accept. */
#include "docgen.h"

#include <string.h>

#include "cli.h"

/* roff: a backslash is \e, and a line that starts with '.' or '\'' would be
 * a request, so it gets the zero-width \& first. */
static int roff_line(rg_buf *out, const char *s, size_t n)
{
    if (n && (s[0] == '.' || s[0] == '\''))
        if (rg_buf_puts(out, "\\&") < 0)
            return -1;
    for (size_t i = 0; i < n; i++)
        if ((s[i] == '\\' ? rg_buf_puts(out, "\\e") : rg_buf_putc(out, s[i])) < 0)
            return -1;
    return rg_buf_putc(out, '\n');
}

static int roff_text(rg_buf *out, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\n");
        if (roff_line(out, s, n) < 0)
            return -1;
        s += n;
        if (*s == '\n')
            s++;
    }
    return 0;
}

static int man_commands(rg_buf *out)
{
    for (size_t i = 0; rg_commands[i]; i++) {
        const rg_command *c = rg_commands[i];
        if (rg_buf_printf(out, ".SS \"reviewgen %s\"\n.nf\n", c->name) < 0 ||
            roff_text(out, c->help) < 0 || rg_buf_puts(out, ".fi\n") < 0)
            return -1;
    }
    return 0;
}

static int man_exit_status(rg_buf *out)
{
    for (int c = 0; c < RG_EXIT_COUNT; c++) {
        if (rg_buf_printf(out, ".TP\n.B %d\n", c) < 0 || roff_text(out, rg_exit_codes[c]) < 0)
            return -1;
    }
    return 0;
}

int rg_docgen_man(rg_buf *out, const char *tmpl, size_t tmpl_len, const char *version,
                  rg_diag *diag)
{
    static const char *const marks[] = {"@VERSION@", "@COMMANDS@", "@EXIT_STATUS@"};
    int seen[3] = {0, 0, 0};
    for (size_t i = 0; i < tmpl_len;) {
        size_t m = 0;
        for (; m < 3; m++) {
            size_t n = strlen(marks[m]);
            if (tmpl_len - i >= n && memcmp(tmpl + i, marks[m], n) == 0)
                break;
        }
        int rc = 0;
        if (m == 3) {
            rc = rg_buf_putc(out, tmpl[i]);
            i++;
        } else {
            seen[m] = 1;
            i += strlen(marks[m]);
            rc = m == 0   ? rg_buf_puts(out, version)
                 : m == 1 ? man_commands(out)
                          : man_exit_status(out);
        }
        if (rc < 0)
            return rg_diag_error(diag, NULL, 0, 0, "out of memory writing the man page");
    }
    for (size_t m = 0; m < 3; m++)
        if (!seen[m])
            return rg_diag_error(diag, NULL, 0, 0, "the man page template has no %s", marks[m]);
    return 0;
}

/* The command's one-line description for zsh's menus: the synopsis lines from
 * column 33 on (where `reviewgen --help` aligns them), joined; a line whose
 * usage part runs past that column holds no description. */
#define SYNOPSIS_TEXT_COLUMN 33

static void description(const rg_command *c, char *buf, size_t cap)
{
    size_t o = 0;
    for (const char *line = c->synopsis; *line;) {
        size_t len = strcspn(line, "\n");
        size_t n = len > SYNOPSIS_TEXT_COLUMN && line[SYNOPSIS_TEXT_COLUMN - 1] == ' ' ? len : 0;
        for (size_t i = SYNOPSIS_TEXT_COLUMN; i < n && o + 1 < cap; i++) {
            char ch = line[i];
            /* brackets, colons and quotes mean something to zsh's specs */
            if (ch == '[' || ch == ']' || ch == ':' || ch == '\'')
                ch = ch == '[' ? '(' : ch == ']' ? ')' : ch == ':' ? ' ' : '`';
            if (ch == ' ' && (o == 0 || buf[o - 1] == ' '))
                continue;
            buf[o++] = ch;
        }
        if (o > 0 && buf[o - 1] != ' ' && o + 1 < cap)
            buf[o++] = ' ';
        line += len;
        if (*line == '\n')
            line++;
    }
    while (o > 0 && buf[o - 1] == ' ')
        o--;
    buf[o] = '\0';
}

/* "-o --out" for an option (the short form when it has one). */
static int spellings(rg_buf *out, const rg_opt *o, const char *sep)
{
    if (o->key > 0 && o->key < RG_OPT_LONG && rg_buf_printf(out, "-%c%s", o->key, sep) < 0)
        return -1;
    return rg_buf_printf(out, "--%s", o->name);
}

int rg_docgen_bash(rg_buf *out)
{
    if (rg_buf_puts(out, "# bash completion for reviewgen; written by `make` from the command "
                         "table\n# (reviewgen/cmd/docgen.c): do not edit.\n"
                         "_reviewgen() {\n"
                         "    local cur prev\n"
                         "    cur=${COMP_WORDS[COMP_CWORD]}\n"
                         "    prev=${COMP_WORDS[COMP_CWORD-1]}\n"
                         "    COMPREPLY=()\n"
                         "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
                         "        COMPREPLY=($(compgen -W \"") < 0)
        return -1;
    for (size_t i = 0; rg_commands[i]; i++)
        if (rg_buf_printf(out, "%s ", rg_commands[i]->name) < 0)
            return -1;
    if (rg_buf_puts(out, "-h --help -V --version\" -- \"$cur\"))\n"
                         "        return\n"
                         "    fi\n"
                         "    case \"${COMP_WORDS[1]}\" in\n") < 0)
        return -1;
    for (size_t i = 0; rg_commands[i]; i++) {
        const rg_command *c = rg_commands[i];
        if (rg_buf_printf(out, "    %s)\n        case \"$prev\" in\n", c->name) < 0)
            return -1;
        for (const rg_opt *o = c->opts; o && o->name; o++) {
            if (!o->has_arg)
                continue;
            if (rg_buf_puts(out, "        ") < 0 || spellings(out, o, "|") < 0)
                return -1;
            int rc;
            if (!o->values)
                rc = rg_buf_puts(out, ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n");
            else if (!strcmp(o->values, "@dir"))
                rc = rg_buf_puts(out, ") COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n");
            else if (!*o->values)
                rc = rg_buf_puts(out, ") return ;;\n"); /* free text: nothing to offer */
            else
                rc = rg_buf_printf(
                    out, ") COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n", o->values);
            if (rc < 0)
                return -1;
        }
        if (rg_buf_puts(out, "        esac\n        if [[ $cur == -* ]]; then\n"
                             "            COMPREPLY=($(compgen -W \"-h --help") < 0)
            return -1;
        for (const rg_opt *o = c->opts; o && o->name; o++)
            if (rg_buf_putc(out, ' ') < 0 || spellings(out, o, " ") < 0)
                return -1;
        const char *operand = !c->operands ? "" : !strcmp(c->operands, "@dir") ? "-d" : "-f";
        if (rg_buf_puts(out, "\" -- \"$cur\"))\n        else\n") < 0 ||
            (*operand ? rg_buf_printf(out, "            COMPREPLY=($(compgen %s -- \"$cur\"))\n",
                                      operand)
                      : rg_buf_puts(out, "            :\n")) < 0 ||
            rg_buf_puts(out, "        fi\n        ;;\n") < 0)
            return -1;
    }
    return rg_buf_puts(out, "    esac\n}\ncomplete -o filenames -F _reviewgen reviewgen\n");
}

/* A zsh _arguments spec for one option. */
static int zsh_option(rg_buf *out, const rg_opt *o)
{
    int rc;
    if (o->key > 0 && o->key < RG_OPT_LONG)
        rc = rg_buf_printf(out, "        '(-%c --%s)'{-%c,--%s%s}'", o->key, o->name, o->key,
                           o->name, o->has_arg ? "=" : "");
    else
        rc = rg_buf_printf(out, "        '--%s%s", o->name, o->has_arg ? "=" : "");
    if (rc < 0 || rg_buf_puts(out, "[]") < 0)
        return -1;
    if (o->has_arg) {
        if (!o->values)
            rc = rg_buf_puts(out, ":file:_files");
        else if (!strcmp(o->values, "@dir"))
            rc = rg_buf_puts(out, ":folder:_files -/");
        else if (!*o->values)
            rc = rg_buf_printf(out, ":%s: ", o->name);
        else
            rc = rg_buf_printf(out, ":%s:(%s)", o->name, o->values);
        if (rc < 0)
            return -1;
    }
    return rg_buf_puts(out, "' \\\n");
}

int rg_docgen_zsh(rg_buf *out)
{
    if (rg_buf_puts(out, "#compdef reviewgen\n# zsh completion for reviewgen; written by `make` "
                         "from the command table\n# (reviewgen/cmd/docgen.c): do not edit.\n"
                         "_reviewgen() {\n"
                         "    local -a commands\n"
                         "    commands=(\n") < 0)
        return -1;
    char desc[256];
    for (size_t i = 0; rg_commands[i]; i++) {
        description(rg_commands[i], desc, sizeof(desc));
        if (rg_buf_printf(out, "        '%s:%s'\n", rg_commands[i]->name, desc) < 0)
            return -1;
    }
    if (rg_buf_puts(out, "    )\n"
                         "    if (( CURRENT == 2 )); then\n"
                         "        _describe 'command' commands\n"
                         "        return\n"
                         "    fi\n"
                         "    shift words\n"
                         "    (( CURRENT-- ))\n"
                         "    case $words[1] in\n") < 0)
        return -1;
    for (size_t i = 0; rg_commands[i]; i++) {
        const rg_command *c = rg_commands[i];
        if (rg_buf_printf(out, "    %s)\n        _arguments -s \\\n", c->name) < 0 ||
            rg_buf_puts(out, "        '(- *)'{-h,--help}'[show the help]' \\\n") < 0)
            return -1;
        for (const rg_opt *o = c->opts; o && o->name; o++)
            if (zsh_option(out, o) < 0)
                return -1;
        const char *operand = !c->operands                   ? NULL
                              : !strcmp(c->operands, "@dir") ? "'*:folder:_files -/'"
                                                             : "'*:file:_files'";
        if ((operand ? rg_buf_printf(out, "        %s\n", operand)
                     : rg_buf_puts(out, "        \n")) < 0 ||
            rg_buf_puts(out, "        ;;\n") < 0)
            return -1;
    }
    return rg_buf_puts(out, "    esac\n}\n_reviewgen \"$@\"\n");
}

/* A stand-in "python.exe" for uv under Wine: uv only runs the interpreter to query it
   (python -I -B -c "...get_interpreter_info..."), so this prints the canned answer of a
   Windows CPython 3.12, read from python.json (next to this exe or, in a venv, next to the
   base interpreter named by pyvenv.cfg's home), with @PREFIX@ and @EXE@ replaced by this
   interpreter's prefix (a venv's root when beside a pyvenv.cfg) and path. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
static void json_escape(const char *in, char *out) { while (*in) { if (*in == '\\' || *in == '"') *out++ = '\\'; *out++ = *in++; } *out = 0; }
static int read_home(const char *cfg, char *home) {
    FILE *f = fopen(cfg, "rb"); char line[1024]; if (!f) return 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "home", 4) == 0) { char *v = strchr(line, '='); if (!v) continue; v++; while (*v == ' ') v++;
            size_t l = strlen(v); while (l && (v[l-1] == '\n' || v[l-1] == '\r' || v[l-1] == ' ')) v[--l] = 0;
            strcpy(home, v); fclose(f); return 1; }
    }
    fclose(f); return 0;
}
int main(void) {
    char exe[MAX_PATH], dir[MAX_PATH], prefix[MAX_PATH], cfg[MAX_PATH], json[MAX_PATH], home[MAX_PATH];
    GetModuleFileNameA(NULL, exe, MAX_PATH);
    strcpy(dir, exe); char *s = strrchr(dir, '\\'); if (s) *s = 0;           /* dir of exe */
    strcpy(prefix, dir);
    snprintf(json, MAX_PATH, "%s\\python.json", dir);
    s = strrchr(dir, '\\');
    if (s && _stricmp(s + 1, "Scripts") == 0) {                              /* <venv>\Scripts\python.exe */
        char root[MAX_PATH]; strcpy(root, dir); root[s - dir] = 0;
        snprintf(cfg, MAX_PATH, "%s\\pyvenv.cfg", root);
        if (read_home(cfg, home)) { strcpy(prefix, root); snprintf(json, MAX_PATH, "%s\\python.json", home); }
    }
    FILE *f = fopen(json, "rb"); if (!f) { fprintf(stderr, "fake python: no %s\n", json); return 1; }
    static char buf[65536]; size_t n = fread(buf, 1, sizeof buf - 1, f); buf[n] = 0; fclose(f);
    char eprefix[2 * MAX_PATH], eexe[2 * MAX_PATH]; json_escape(prefix, eprefix); json_escape(exe, eexe);
    for (char *p = buf; *p; ) {
        if (strncmp(p, "@PREFIX@", 8) == 0) { fputs(eprefix, stdout); p += 8; }
        else if (strncmp(p, "@EXE@", 5) == 0) { fputs(eexe, stdout); p += 5; }
        else putchar(*p++);
    }
    return 0;
}

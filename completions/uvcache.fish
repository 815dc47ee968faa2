# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_uvcache_global_optspecs
    string join \n d/cache-dir= no-cache store-dir= store exact uv-version= environments= format= threads= h/help V/version
end

function __fish_uvcache_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_uvcache_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_uvcache_using_subcommand
    set -l cmd (__fish_uvcache_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c uvcache -n "__fish_uvcache_needs_command" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_needs_command" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_needs_command" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_needs_command" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_needs_command" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_needs_command" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_needs_command" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_needs_command" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_needs_command" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_needs_command" -s h -l help -d 'Print help'
complete -c uvcache -n "__fish_uvcache_needs_command" -s V -l version -d 'Print version'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "dir" -d 'Show the cache directory uv would use, and which setting decided it.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "config" -d 'Show the configuration uvcache reads, with the layer and file of every value.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "ls" -d 'List the cache\'s entries: bucket, kind, package, version, sizes, last use, status.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "envs" -d 'List the Python environments found and what each uses from the cache.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "size" -d 'Show the cache\'s disk usage (same total as `uv cache size`), per bucket or per package.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "history" -d 'The cache\'s size over time: total and bytes per bucket.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "clean" -d 'Remove all cache entries, or those of the given packages (same result as `uv cache clean`).'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "prune" -d 'Remove unused cache entries (same result as `uv cache prune`, or `--ci`).'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "push" -d 'Upload cache entries to a remote (default: the wheels built from source).'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "pull" -d 'Bring a remote\'s entries that this uv release, machine and Python can use into the cache.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "remote" -d 'Look at a remote'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "policy" -d 'Show the effective prune policy: every value and rule, with the layer and file it came from.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "doctor" -d 'Check the cache and its surroundings: markers, lock, buckets, links, file systems, link modes, size budget and settings.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "fetch" -d 'Fetch a URL through uvcache\'s store, reusing it while its caching headers say it is fresh.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "git" -d 'Resolve a git reference to a commit and check it out in uvcache\'s store, as uv does.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "key" -d 'Show the cache key uv computes for a local project, and (--compare) whether uv would rebuild.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "link" -d 'Materialize a stored archive or checkout into a directory: clone, hardlink, copy or symlink.'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "completions" -d 'Print the completion script for a shell'
complete -c uvcache -n "__fish_uvcache_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c uvcache -n "__fish_uvcache_using_subcommand dir" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand dir" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand dir" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand dir" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand dir" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand dir" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand dir" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand dir" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand dir" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand dir" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand config" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand config" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand config" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand config" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand config" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand config" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand config" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand config" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand config" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -s b -l bucket -d 'Only entries of this bucket' -r -f -a "wheels\t''
sdists\t''
flat-index\t''
git\t''
interpreter\t''
simple\t''
archive\t''
builds\t''
environments\t''
python\t''
binaries\t''
osv\t''
files\t''
http\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -s p -l package -d 'Only entries of this package (compared after PEP 503 normalization)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -s k -l kind -d 'Only entries of this kind' -r -f -a "registry_wheel\t''
index_wheel\t''
url_wheel\t''
path_wheel\t''
editable_wheel\t''
git_wheel\t''
built_wheel\t''
sdist\t''
sdist_revision\t''
git_db\t''
git_checkout\t''
simple_page\t''
flat_index_page\t''
interpreter_info\t''
archive\t''
environment\t''
python\t''
binary\t''
vulnerability\t''
files_blob\t''
http_file\t''
lock\t''
temp\t''
marker\t''
store_records\t''
index_set\t''
unknown\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -s s -l status -d 'Only entries with this status' -r -f -a "live\t''
dangling\t''
outdated\t''
newer\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand envs" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand envs" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand envs" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand envs" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand envs" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand envs" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand envs" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand envs" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand envs" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand envs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand size" -l by -d 'Breakdown' -r -f -a "bucket\t''
package\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand size" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand size" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand size" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand size" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand size" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand size" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand size" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand size" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand size" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand size" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand history" -l plot -d 'Draw the total and the largest buckets over time into FILE: SVG, or PNG when FILE ends in `.png` (its text needs a TrueType font on the system, such as DejaVu Sans)' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand history" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand history" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand history" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand history" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand history" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand history" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand history" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand history" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand history" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -s n -l dry-run -d 'Return the plan (what would go, why, how many bytes), remove nothing.'
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -s v -l verbose -d 'Include the table of removed paths with their reasons.'
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -s f -l force -d 'Proceed without uv\'s lock if another uv process holds it (as uv\'s --force).'
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -l allow-non-cache -d 'Delete even in a directory that does not look like a uv cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand clean" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l interval -d 'With --auto: the least time between two runs (default UVCACHE_AUTO_INTERVAL or 1 day).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l remote -d 'A remote: a name from uvcache\'s config ([remote.NAME]) or a URL (s3://, webdav+http://, file://).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l grace -d 'Keep unreferenced objects younger than this (a push may still be uploading).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l trusted-key -d 'Also trust this public key (NAME:BASE64, as `remote keygen` prints it; repeatable). Added to `trusted-keys` of the remote and UVCACHE_TRUSTED_KEYS.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l policy -d 'Prune policy: a built-in name (default, ci, laptop, keep-expensive, unused) or a TOML file.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l max-size -d 'Evict least recently used entries while the cache is larger than this.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l older-than -d 'Evict entries unused for longer than this.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l keep-latest -d 'Keep only the N newest versions of each package.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l ci -d 'Also remove pre-built wheels and unpacked sources, keeping wheels built from source (as uv\'s --ci).'
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l auto -d 'Prune with the effective policy at most once per interval, silently, skipping when uv holds the cache (for dotfiles and CI).'
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l trust-unsigned -d 'Judge entries no trusted key signed by the store\'s own write times (with no key: every entry), instead of refusing.'
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -s n -l dry-run -d 'Return the plan (what would go, why, how many bytes), remove nothing.'
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -s v -l verbose -d 'Include the table of removed paths with their reasons.'
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -s f -l force -d 'Proceed without uv\'s lock if another uv process holds it (as uv\'s --force).'
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l allow-non-cache -d 'Delete even in a directory that does not look like a uv cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -s p -l package -d 'Only entries of these packages (repeatable).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l ref -d 'The ref the push comes from, recorded in its signatures (default: GITHUB_REF, CI_COMMIT_REF_NAME or BUILDKITE_BRANCH).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l policy -d 'Prune policy: a built-in name (default, ci, laptop, keep-expensive, unused) or a TOML file.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l max-size -d 'Evict least recently used entries while the cache is larger than this.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l older-than -d 'Evict entries unused for longer than this.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l keep-latest -d 'Keep only the N newest versions of each package.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -s n -l dry-run -d 'Return the plan (what would go, why, how many bytes), remove nothing.'
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -s p -l package -d 'Only entries of these packages (repeatable).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l trusted-key -d 'Also trust this public key (NAME:BASE64, as `remote keygen` prints it; repeatable). Added to `trusted-keys` of the remote and UVCACHE_TRUSTED_KEYS.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l python -d 'Judge wheels for this interpreter, as `uv --python` takes it: a version (3.12, 3.13t, pypy@3.10) or a path. Default: UV_PYTHON, else the interpreters of the environments uvcache finds, else python3 on PATH.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -s n -l dry-run -d 'Return the plan (what would go, why, how many bytes), remove nothing.'
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l trust-unsigned -d 'Pull entries no trusted key signed: trusts everyone who can write to the remote.'
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l allow-non-cache -d 'Delete even in a directory that does not look like a uv cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -s h -l help -d 'Print help'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -f -a "ls" -d 'List the entries a remote holds.'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -f -a "keygen" -d 'Make an ed25519 key pair to sign pushes with.'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and not __fish_seen_subcommand_from ls keygen help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -l trusted-key -d 'Also trust this public key (NAME:BASE64, as `remote keygen` prints it; repeatable). Added to `trusted-keys` of the remote and UVCACHE_TRUSTED_KEYS.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -l python -d 'Judge wheels for this interpreter, as `uv --python` takes it: a version (3.12, 3.13t, pypy@3.10) or a path. Default: UV_PYTHON, else the interpreters of the environments uvcache finds, else python3 on PATH.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from keygen" -s o -l output -d 'Where to write the secret key (a new file).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from keygen" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from keygen" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from keygen" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from keygen" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from keygen" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from keygen" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from keygen" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from keygen" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from keygen" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the entries a remote holds.'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "keygen" -d 'Make an ed25519 key pair to sign pushes with.'
complete -c uvcache -n "__fish_uvcache_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l policy -d 'Prune policy: a built-in name (default, ci, laptop, keep-expensive, unused) or a TOML file.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l max-size -d 'Evict least recently used entries while the cache is larger than this.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l older-than -d 'Evict entries unused for longer than this.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l keep-latest -d 'Keep only the N newest versions of each package.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -f -a "check" -d 'Validate a policy file; errors name the line and the key.'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and not __fish_seen_subcommand_from check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from check" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from check" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from check" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from check" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from check" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from check" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from check" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from check" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from check" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate a policy file; errors name the line and the key.'
complete -c uvcache -n "__fish_uvcache_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c uvcache -n "__fish_uvcache_using_subcommand doctor" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand doctor" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand doctor" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand doctor" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand doctor" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand doctor" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand doctor" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand doctor" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand doctor" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l refresh-package -d 'Refresh only entries of this package, or whose URL matches this glob (repeatable).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l refresh -d 'Revalidate (fetch) or fetch again (git) even what is fresh in the store.'
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l offline -d 'Never touch the network; serve what the store has (also UV_OFFLINE).'
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l unpack -d 'Unpack a wheel into the store\'s archive instead of keeping the file.'
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand fetch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l rev -d 'Branch, tag, or short or full commit (default: the default branch).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l refresh-package -d 'Refresh only entries of this package, or whose URL matches this glob (repeatable).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l refresh -d 'Revalidate (fetch) or fetch again (git) even what is fresh in the store.'
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l offline -d 'Never touch the network; serve what the store has (also UV_OFFLINE).'
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand git" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -l compare -d 'A saved `uvcache key --format json` file: say which parts changed and whether uv would rebuild.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -l reinstall -d 'As uv\'s --reinstall: the package is rebuilt whatever its key.'
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand key" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -l mode -d 'clone, hardlink, copy or symlink (default UV_LINK_MODE, else clone on Linux and macOS).' -r -f -a "clone\t''
hardlink\t''
copy\t''
symlink\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -l reinstall -d 'Replace files already in the destination.'
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand link" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand completions" -s d -l cache-dir -d 'Path to the cache directory (as uv\'s --cache-dir).' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand completions" -l store-dir -d 'Path to uvcache\'s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.' -r -F
complete -c uvcache -n "__fish_uvcache_using_subcommand completions" -l uv-version -d 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache\'s config, the uv on PATH, else the newest release whose buckets the cache holds).' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand completions" -l environments -d 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache\'s config); uv\'s tools, $VIRTUAL_ENV, the nearest .venv and uv\'s cached environments are always read.' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand completions" -l format -d 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)' -r -f -a "human\t''
json\t''
ndjson\t''"
complete -c uvcache -n "__fish_uvcache_using_subcommand completions" -l threads -d 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)' -r
complete -c uvcache -n "__fish_uvcache_using_subcommand completions" -l no-cache -d 'Use a temporary cache directory, removed afterwards (as uv\'s --no-cache).'
complete -c uvcache -n "__fish_uvcache_using_subcommand completions" -l store -d 'Work on uvcache\'s own store instead of uv\'s cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand completions" -l exact -d 'Walk the whole cache instead of answering from its index in uvcache\'s store (which is checked against the disk first), and rewrite the index.'
complete -c uvcache -n "__fish_uvcache_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "dir" -d 'Show the cache directory uv would use, and which setting decided it.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "config" -d 'Show the configuration uvcache reads, with the layer and file of every value.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "ls" -d 'List the cache\'s entries: bucket, kind, package, version, sizes, last use, status.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "envs" -d 'List the Python environments found and what each uses from the cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "size" -d 'Show the cache\'s disk usage (same total as `uv cache size`), per bucket or per package.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "history" -d 'The cache\'s size over time: total and bytes per bucket.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "clean" -d 'Remove all cache entries, or those of the given packages (same result as `uv cache clean`).'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "prune" -d 'Remove unused cache entries (same result as `uv cache prune`, or `--ci`).'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "push" -d 'Upload cache entries to a remote (default: the wheels built from source).'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "pull" -d 'Bring a remote\'s entries that this uv release, machine and Python can use into the cache.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "remote" -d 'Look at a remote'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "policy" -d 'Show the effective prune policy: every value and rule, with the layer and file it came from.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "doctor" -d 'Check the cache and its surroundings: markers, lock, buckets, links, file systems, link modes, size budget and settings.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "fetch" -d 'Fetch a URL through uvcache\'s store, reusing it while its caching headers say it is fresh.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "git" -d 'Resolve a git reference to a commit and check it out in uvcache\'s store, as uv does.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "key" -d 'Show the cache key uv computes for a local project, and (--compare) whether uv would rebuild.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "link" -d 'Materialize a stored archive or checkout into a directory: clone, hardlink, copy or symlink.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and not __fish_seen_subcommand_from dir config ls envs size history clean prune push pull remote policy doctor fetch git key link completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "ls" -d 'List the entries a remote holds.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "keygen" -d 'Make an ed25519 key pair to sign pushes with.'
complete -c uvcache -n "__fish_uvcache_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "check" -d 'Validate a policy file; errors name the line and the key.'

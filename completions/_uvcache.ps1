
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'uvcache' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'uvcache'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'uvcache' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('dir', 'dir', [CompletionResultType]::ParameterValue, 'Show the cache directory uv would use, and which setting decided it.')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the configuration uvcache reads, with the layer and file of every value.')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the cache''s entries: bucket, kind, package, version, sizes, last use, status.')
            [CompletionResult]::new('envs', 'envs', [CompletionResultType]::ParameterValue, 'List the Python environments found and what each uses from the cache.')
            [CompletionResult]::new('size', 'size', [CompletionResultType]::ParameterValue, 'Show the cache''s disk usage (same total as `uv cache size`), per bucket or per package.')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The cache''s size over time: total and bytes per bucket.')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'Remove all cache entries, or those of the given packages (same result as `uv cache clean`).')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove unused cache entries (same result as `uv cache prune`, or `--ci`).')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Upload cache entries to a remote (default: the wheels built from source).')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Bring a remote''s entries that this uv release, machine and Python can use into the cache.')
            [CompletionResult]::new('remote', 'remote', [CompletionResultType]::ParameterValue, 'Look at a remote')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show the effective prune policy: every value and rule, with the layer and file it came from.')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the cache and its surroundings: markers, lock, buckets, links, file systems, link modes, size budget and settings.')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Fetch a URL through uvcache''s store, reusing it while its caching headers say it is fresh.')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Resolve a git reference to a commit and check it out in uvcache''s store, as uv does.')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Show the cache key uv computes for a local project, and (--compare) whether uv would rebuild.')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Materialize a stored archive or checkout into a directory: clone, hardlink, copy or symlink.')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'uvcache;dir' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;config' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;ls' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Only entries of this bucket')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Only entries of this bucket')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only entries of this package (compared after PEP 503 normalization)')
            [CompletionResult]::new('--package', '--package', [CompletionResultType]::ParameterName, 'Only entries of this package (compared after PEP 503 normalization)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Only entries of this kind')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only entries of this kind')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only entries with this status')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only entries with this status')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;envs' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;size' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Breakdown')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;history' {
            [CompletionResult]::new('--plot', '--plot', [CompletionResultType]::ParameterName, 'Draw the total and the largest buckets over time into FILE: SVG, or PNG when FILE ends in `.png` (its text needs a TrueType font on the system, such as DejaVu Sans)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;clean' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Return the plan (what would go, why, how many bytes), remove nothing.')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Return the plan (what would go, why, how many bytes), remove nothing.')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Include the table of removed paths with their reasons.')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Include the table of removed paths with their reasons.')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Proceed without uv''s lock if another uv process holds it (as uv''s --force).')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Proceed without uv''s lock if another uv process holds it (as uv''s --force).')
            [CompletionResult]::new('--allow-non-cache', '--allow-non-cache', [CompletionResultType]::ParameterName, 'Delete even in a directory that does not look like a uv cache.')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;prune' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'With --auto: the least time between two runs (default UVCACHE_AUTO_INTERVAL or 1 day).')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'A remote: a name from uvcache''s config ([remote.NAME]) or a URL (s3://, webdav+http://, file://).')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Keep unreferenced objects younger than this (a push may still be uploading).')
            [CompletionResult]::new('--trusted-key', '--trusted-key', [CompletionResultType]::ParameterName, 'Also trust this public key (NAME:BASE64, as `remote keygen` prints it; repeatable). Added to `trusted-keys` of the remote and UVCACHE_TRUSTED_KEYS.')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Prune policy: a built-in name (default, ci, laptop, keep-expensive, unused) or a TOML file.')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Evict least recently used entries while the cache is larger than this.')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Evict entries unused for longer than this.')
            [CompletionResult]::new('--keep-latest', '--keep-latest', [CompletionResultType]::ParameterName, 'Keep only the N newest versions of each package.')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--ci', '--ci', [CompletionResultType]::ParameterName, 'Also remove pre-built wheels and unpacked sources, keeping wheels built from source (as uv''s --ci).')
            [CompletionResult]::new('--auto', '--auto', [CompletionResultType]::ParameterName, 'Prune with the effective policy at most once per interval, silently, skipping when uv holds the cache (for dotfiles and CI).')
            [CompletionResult]::new('--trust-unsigned', '--trust-unsigned', [CompletionResultType]::ParameterName, 'Judge entries no trusted key signed by the store''s own write times (with no key: every entry), instead of refusing.')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Return the plan (what would go, why, how many bytes), remove nothing.')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Return the plan (what would go, why, how many bytes), remove nothing.')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Include the table of removed paths with their reasons.')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Include the table of removed paths with their reasons.')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Proceed without uv''s lock if another uv process holds it (as uv''s --force).')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Proceed without uv''s lock if another uv process holds it (as uv''s --force).')
            [CompletionResult]::new('--allow-non-cache', '--allow-non-cache', [CompletionResultType]::ParameterName, 'Delete even in a directory that does not look like a uv cache.')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;push' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only entries of these packages (repeatable).')
            [CompletionResult]::new('--package', '--package', [CompletionResultType]::ParameterName, 'Only entries of these packages (repeatable).')
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'The ref the push comes from, recorded in its signatures (default: GITHUB_REF, CI_COMMIT_REF_NAME or BUILDKITE_BRANCH).')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Prune policy: a built-in name (default, ci, laptop, keep-expensive, unused) or a TOML file.')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Evict least recently used entries while the cache is larger than this.')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Evict entries unused for longer than this.')
            [CompletionResult]::new('--keep-latest', '--keep-latest', [CompletionResultType]::ParameterName, 'Keep only the N newest versions of each package.')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Return the plan (what would go, why, how many bytes), remove nothing.')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Return the plan (what would go, why, how many bytes), remove nothing.')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;pull' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only entries of these packages (repeatable).')
            [CompletionResult]::new('--package', '--package', [CompletionResultType]::ParameterName, 'Only entries of these packages (repeatable).')
            [CompletionResult]::new('--trusted-key', '--trusted-key', [CompletionResultType]::ParameterName, 'Also trust this public key (NAME:BASE64, as `remote keygen` prints it; repeatable). Added to `trusted-keys` of the remote and UVCACHE_TRUSTED_KEYS.')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Judge wheels for this interpreter, as `uv --python` takes it: a version (3.12, 3.13t, pypy@3.10) or a path. Default: UV_PYTHON, else the interpreters of the environments uvcache finds, else python3 on PATH.')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Return the plan (what would go, why, how many bytes), remove nothing.')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Return the plan (what would go, why, how many bytes), remove nothing.')
            [CompletionResult]::new('--trust-unsigned', '--trust-unsigned', [CompletionResultType]::ParameterName, 'Pull entries no trusted key signed: trusts everyone who can write to the remote.')
            [CompletionResult]::new('--allow-non-cache', '--allow-non-cache', [CompletionResultType]::ParameterName, 'Delete even in a directory that does not look like a uv cache.')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;remote' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the entries a remote holds.')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Make an ed25519 key pair to sign pushes with.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'uvcache;remote;ls' {
            [CompletionResult]::new('--trusted-key', '--trusted-key', [CompletionResultType]::ParameterName, 'Also trust this public key (NAME:BASE64, as `remote keygen` prints it; repeatable). Added to `trusted-keys` of the remote and UVCACHE_TRUSTED_KEYS.')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Judge wheels for this interpreter, as `uv --python` takes it: a version (3.12, 3.13t, pypy@3.10) or a path. Default: UV_PYTHON, else the interpreters of the environments uvcache finds, else python3 on PATH.')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;remote;keygen' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write the secret key (a new file).')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write the secret key (a new file).')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;remote;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the entries a remote holds.')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Make an ed25519 key pair to sign pushes with.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'uvcache;remote;help;ls' {
            break
        }
        'uvcache;remote;help;keygen' {
            break
        }
        'uvcache;remote;help;help' {
            break
        }
        'uvcache;policy' {
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Prune policy: a built-in name (default, ci, laptop, keep-expensive, unused) or a TOML file.')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Evict least recently used entries while the cache is larger than this.')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Evict entries unused for longer than this.')
            [CompletionResult]::new('--keep-latest', '--keep-latest', [CompletionResultType]::ParameterName, 'Keep only the N newest versions of each package.')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a policy file; errors name the line and the key.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'uvcache;policy;check' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'uvcache;policy;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a policy file; errors name the line and the key.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'uvcache;policy;help;check' {
            break
        }
        'uvcache;policy;help;help' {
            break
        }
        'uvcache;doctor' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;fetch' {
            [CompletionResult]::new('--refresh-package', '--refresh-package', [CompletionResultType]::ParameterName, 'Refresh only entries of this package, or whose URL matches this glob (repeatable).')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate (fetch) or fetch again (git) even what is fresh in the store.')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never touch the network; serve what the store has (also UV_OFFLINE).')
            [CompletionResult]::new('--unpack', '--unpack', [CompletionResultType]::ParameterName, 'Unpack a wheel into the store''s archive instead of keeping the file.')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;git' {
            [CompletionResult]::new('--rev', '--rev', [CompletionResultType]::ParameterName, 'Branch, tag, or short or full commit (default: the default branch).')
            [CompletionResult]::new('--refresh-package', '--refresh-package', [CompletionResultType]::ParameterName, 'Refresh only entries of this package, or whose URL matches this glob (repeatable).')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Revalidate (fetch) or fetch again (git) even what is fresh in the store.')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never touch the network; serve what the store has (also UV_OFFLINE).')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;key' {
            [CompletionResult]::new('--compare', '--compare', [CompletionResultType]::ParameterName, 'A saved `uvcache key --format json` file: say which parts changed and whether uv would rebuild.')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--reinstall', '--reinstall', [CompletionResultType]::ParameterName, 'As uv''s --reinstall: the package is rebuilt whatever its key.')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;link' {
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'clone, hardlink, copy or symlink (default UV_LINK_MODE, else clone on Linux and macOS).')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--reinstall', '--reinstall', [CompletionResultType]::ParameterName, 'Replace files already in the destination.')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;completions' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Path to the cache directory (as uv''s --cache-dir).')
            [CompletionResult]::new('--store-dir', '--store-dir', [CompletionResultType]::ParameterName, 'Path to uvcache''s own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.')
            [CompletionResult]::new('--uv-version', '--uv-version', [CompletionResultType]::ParameterName, 'The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache''s config, the uv on PATH, else the newest release whose buckets the cache holds).')
            [CompletionResult]::new('--environments', '--environments', [CompletionResultType]::ParameterName, 'More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache''s config); uv''s tools, $VIRTUAL_ENV, the nearest .venv and uv''s cached environments are always read.')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Use a temporary cache directory, removed afterwards (as uv''s --no-cache).')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Work on uvcache''s own store instead of uv''s cache.')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Walk the whole cache instead of answering from its index in uvcache''s store (which is checked against the disk first), and rewrite the index.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'uvcache;help' {
            [CompletionResult]::new('dir', 'dir', [CompletionResultType]::ParameterValue, 'Show the cache directory uv would use, and which setting decided it.')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the configuration uvcache reads, with the layer and file of every value.')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the cache''s entries: bucket, kind, package, version, sizes, last use, status.')
            [CompletionResult]::new('envs', 'envs', [CompletionResultType]::ParameterValue, 'List the Python environments found and what each uses from the cache.')
            [CompletionResult]::new('size', 'size', [CompletionResultType]::ParameterValue, 'Show the cache''s disk usage (same total as `uv cache size`), per bucket or per package.')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The cache''s size over time: total and bytes per bucket.')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'Remove all cache entries, or those of the given packages (same result as `uv cache clean`).')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove unused cache entries (same result as `uv cache prune`, or `--ci`).')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Upload cache entries to a remote (default: the wheels built from source).')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Bring a remote''s entries that this uv release, machine and Python can use into the cache.')
            [CompletionResult]::new('remote', 'remote', [CompletionResultType]::ParameterValue, 'Look at a remote')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show the effective prune policy: every value and rule, with the layer and file it came from.')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the cache and its surroundings: markers, lock, buckets, links, file systems, link modes, size budget and settings.')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Fetch a URL through uvcache''s store, reusing it while its caching headers say it is fresh.')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Resolve a git reference to a commit and check it out in uvcache''s store, as uv does.')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Show the cache key uv computes for a local project, and (--compare) whether uv would rebuild.')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Materialize a stored archive or checkout into a directory: clone, hardlink, copy or symlink.')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'uvcache;help;dir' {
            break
        }
        'uvcache;help;config' {
            break
        }
        'uvcache;help;ls' {
            break
        }
        'uvcache;help;envs' {
            break
        }
        'uvcache;help;size' {
            break
        }
        'uvcache;help;history' {
            break
        }
        'uvcache;help;clean' {
            break
        }
        'uvcache;help;prune' {
            break
        }
        'uvcache;help;push' {
            break
        }
        'uvcache;help;pull' {
            break
        }
        'uvcache;help;remote' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the entries a remote holds.')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Make an ed25519 key pair to sign pushes with.')
            break
        }
        'uvcache;help;remote;ls' {
            break
        }
        'uvcache;help;remote;keygen' {
            break
        }
        'uvcache;help;policy' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a policy file; errors name the line and the key.')
            break
        }
        'uvcache;help;policy;check' {
            break
        }
        'uvcache;help;doctor' {
            break
        }
        'uvcache;help;fetch' {
            break
        }
        'uvcache;help;git' {
            break
        }
        'uvcache;help;key' {
            break
        }
        'uvcache;help;link' {
            break
        }
        'uvcache;help;completions' {
            break
        }
        'uvcache;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

module completions {

  def "nu-complete uvcache format" [] {
    [ "human" "json" "ndjson" ]
  }

  # The uvcache command: uv's cache as tables and JSON, with prune policies
  export extern uvcache [
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help
    --version(-V)             # Print version
  ]

  def "nu-complete uvcache dir format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Show the cache directory uv would use, and which setting decided it.
  export extern "uvcache dir" [
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache dir format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete uvcache config format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Show the configuration uvcache reads, with the layer and file of every value.
  export extern "uvcache config" [
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache config format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete uvcache ls bucket" [] {
    [ "wheels" "sdists" "flat-index" "git" "interpreter" "simple" "archive" "builds" "environments" "python" "binaries" "osv" "files" "http" ]
  }

  def "nu-complete uvcache ls kind" [] {
    [ "registry_wheel" "index_wheel" "url_wheel" "path_wheel" "editable_wheel" "git_wheel" "built_wheel" "sdist" "sdist_revision" "git_db" "git_checkout" "simple_page" "flat_index_page" "interpreter_info" "archive" "environment" "python" "binary" "vulnerability" "files_blob" "http_file" "lock" "temp" "marker" "store_records" "index_set" "unknown" ]
  }

  def "nu-complete uvcache ls status" [] {
    [ "live" "dangling" "outdated" "newer" ]
  }

  def "nu-complete uvcache ls format" [] {
    [ "human" "json" "ndjson" ]
  }

  # List the cache's entries: bucket, kind, package, version, sizes, last use, status.
  export extern "uvcache ls" [
    --bucket(-b): string@"nu-complete uvcache ls bucket" # Only entries of this bucket
    --package(-p): string     # Only entries of this package (compared after PEP 503 normalization)
    --kind(-k): string@"nu-complete uvcache ls kind" # Only entries of this kind
    --status(-s): string@"nu-complete uvcache ls status" # Only entries with this status
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache ls format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete uvcache envs format" [] {
    [ "human" "json" "ndjson" ]
  }

  # List the Python environments found and what each uses from the cache.
  export extern "uvcache envs" [
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache envs format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete uvcache size by" [] {
    [ "bucket" "package" ]
  }

  def "nu-complete uvcache size format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Show the cache's disk usage (same total as `uv cache size`), per bucket or per package.
  export extern "uvcache size" [
    --by: string@"nu-complete uvcache size by" # Breakdown
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache size format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete uvcache history format" [] {
    [ "human" "json" "ndjson" ]
  }

  # The cache's size over time: total and bytes per bucket.
  export extern "uvcache history" [
    --plot: path              # Draw the total and the largest buckets over time into FILE: SVG, or PNG when FILE ends in `.png` (its text needs a TrueType font on the system, such as DejaVu Sans)
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache history format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete uvcache clean format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Remove all cache entries, or those of the given packages (same result as `uv cache clean`).
  export extern "uvcache clean" [
    --dry-run(-n)             # Return the plan (what would go, why, how many bytes), remove nothing.
    --verbose(-v)             # Include the table of removed paths with their reasons.
    --force(-f)               # Proceed without uv's lock if another uv process holds it (as uv's --force).
    --allow-non-cache         # Delete even in a directory that does not look like a uv cache.
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache clean format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
    ...packages: string       # Packages whose entries to remove (all entries if none)
  ]

  def "nu-complete uvcache prune format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Remove unused cache entries (same result as `uv cache prune`, or `--ci`).
  export extern "uvcache prune" [
    --ci                      # Also remove pre-built wheels and unpacked sources, keeping wheels built from source (as uv's --ci).
    --auto                    # Prune with the effective policy at most once per interval, silently, skipping when uv holds the cache (for dotfiles and CI).
    --interval: string        # With --auto: the least time between two runs (default UVCACHE_AUTO_INTERVAL or 1 day).
    --remote: string          # A remote: a name from uvcache's config ([remote.NAME]) or a URL (s3://, webdav+http://, file://).
    --grace: string           # Keep unreferenced objects younger than this (a push may still be uploading).
    --trusted-key: string     # Also trust this public key (NAME:BASE64, as `remote keygen` prints it; repeatable). Added to `trusted-keys` of the remote and UVCACHE_TRUSTED_KEYS.
    --trust-unsigned          # Judge entries no trusted key signed by the store's own write times (with no key: every entry), instead of refusing.
    --dry-run(-n)             # Return the plan (what would go, why, how many bytes), remove nothing.
    --verbose(-v)             # Include the table of removed paths with their reasons.
    --force(-f)               # Proceed without uv's lock if another uv process holds it (as uv's --force).
    --allow-non-cache         # Delete even in a directory that does not look like a uv cache.
    --policy: path            # Prune policy: a built-in name (default, ci, laptop, keep-expensive, unused) or a TOML file.
    --max-size: string        # Evict least recently used entries while the cache is larger than this.
    --older-than: string      # Evict entries unused for longer than this.
    --keep-latest: string     # Keep only the N newest versions of each package.
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache prune format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete uvcache push format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Upload cache entries to a remote (default: the wheels built from source).
  export extern "uvcache push" [
    --package(-p): string     # Only entries of these packages (repeatable).
    --dry-run(-n)             # Return the plan (what would go, why, how many bytes), remove nothing.
    --ref: string             # The ref the push comes from, recorded in its signatures (default: GITHUB_REF, CI_COMMIT_REF_NAME or BUILDKITE_BRANCH).
    --policy: path            # Prune policy: a built-in name (default, ci, laptop, keep-expensive, unused) or a TOML file.
    --max-size: string        # Evict least recently used entries while the cache is larger than this.
    --older-than: string      # Evict entries unused for longer than this.
    --keep-latest: string     # Keep only the N newest versions of each package.
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache push format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
    remote: string            # A remote: a name from uvcache's config ([remote.NAME]) or a URL (s3://, webdav+http://, file://).
  ]

  def "nu-complete uvcache pull format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Bring a remote's entries that this uv release, machine and Python can use into the cache.
  export extern "uvcache pull" [
    --package(-p): string     # Only entries of these packages (repeatable).
    --dry-run(-n)             # Return the plan (what would go, why, how many bytes), remove nothing.
    --trusted-key: string     # Also trust this public key (NAME:BASE64, as `remote keygen` prints it; repeatable). Added to `trusted-keys` of the remote and UVCACHE_TRUSTED_KEYS.
    --python: string          # Judge wheels for this interpreter, as `uv --python` takes it: a version (3.12, 3.13t, pypy@3.10) or a path. Default: UV_PYTHON, else the interpreters of the environments uvcache finds, else python3 on PATH.
    --trust-unsigned          # Pull entries no trusted key signed: trusts everyone who can write to the remote.
    --allow-non-cache         # Delete even in a directory that does not look like a uv cache.
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache pull format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
    remote: string            # A remote: a name from uvcache's config ([remote.NAME]) or a URL (s3://, webdav+http://, file://).
  ]

  def "nu-complete uvcache remote format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Look at a remote
  export extern "uvcache remote" [
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache remote format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help
  ]

  def "nu-complete uvcache remote ls format" [] {
    [ "human" "json" "ndjson" ]
  }

  # List the entries a remote holds.
  export extern "uvcache remote ls" [
    --trusted-key: string     # Also trust this public key (NAME:BASE64, as `remote keygen` prints it; repeatable). Added to `trusted-keys` of the remote and UVCACHE_TRUSTED_KEYS.
    --python: string          # Judge wheels for this interpreter, as `uv --python` takes it: a version (3.12, 3.13t, pypy@3.10) or a path. Default: UV_PYTHON, else the interpreters of the environments uvcache finds, else python3 on PATH.
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache remote ls format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
    remote: string            # A remote: a name from uvcache's config ([remote.NAME]) or a URL (s3://, webdav+http://, file://).
  ]

  def "nu-complete uvcache remote keygen format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Make an ed25519 key pair to sign pushes with.
  export extern "uvcache remote keygen" [
    --output(-o): path        # Where to write the secret key (a new file).
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache remote keygen format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
    name: string              # The key's name (letters, digits, -, _, .)
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "uvcache remote help" [
  ]

  # List the entries a remote holds.
  export extern "uvcache remote help ls" [
  ]

  # Make an ed25519 key pair to sign pushes with.
  export extern "uvcache remote help keygen" [
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "uvcache remote help help" [
  ]

  def "nu-complete uvcache policy format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Show the effective prune policy: every value and rule, with the layer and file it came from.
  export extern "uvcache policy" [
    --policy: path            # Prune policy: a built-in name (default, ci, laptop, keep-expensive, unused) or a TOML file.
    --max-size: string        # Evict least recently used entries while the cache is larger than this.
    --older-than: string      # Evict entries unused for longer than this.
    --keep-latest: string     # Keep only the N newest versions of each package.
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache policy format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete uvcache policy check format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Validate a policy file; errors name the line and the key.
  export extern "uvcache policy check" [
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache policy check format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help
    file: path                # The policy TOML file
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "uvcache policy help" [
  ]

  # Validate a policy file; errors name the line and the key.
  export extern "uvcache policy help check" [
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "uvcache policy help help" [
  ]

  def "nu-complete uvcache doctor format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Check the cache and its surroundings: markers, lock, buckets, links, file systems, link modes, size budget and settings.
  export extern "uvcache doctor" [
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache doctor format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete uvcache fetch format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Fetch a URL through uvcache's store, reusing it while its caching headers say it is fresh.
  export extern "uvcache fetch" [
    --refresh                 # Revalidate (fetch) or fetch again (git) even what is fresh in the store.
    --refresh-package: string # Refresh only entries of this package, or whose URL matches this glob (repeatable).
    --offline                 # Never touch the network; serve what the store has (also UV_OFFLINE).
    --unpack                  # Unpack a wheel into the store's archive instead of keeping the file.
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache fetch format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
    url: string               # The URL (http, https, file) or a local path
  ]

  def "nu-complete uvcache git format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Resolve a git reference to a commit and check it out in uvcache's store, as uv does.
  export extern "uvcache git" [
    --rev: string             # Branch, tag, or short or full commit (default: the default branch).
    --refresh                 # Revalidate (fetch) or fetch again (git) even what is fresh in the store.
    --refresh-package: string # Refresh only entries of this package, or whose URL matches this glob (repeatable).
    --offline                 # Never touch the network; serve what the store has (also UV_OFFLINE).
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache git format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
    url: string               # The repository URL (https, ssh, file) or a local path
  ]

  def "nu-complete uvcache key format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Show the cache key uv computes for a local project, and (--compare) whether uv would rebuild.
  export extern "uvcache key" [
    --compare: path           # A saved `uvcache key --format json` file: say which parts changed and whether uv would rebuild.
    --reinstall               # As uv's --reinstall: the package is rebuilt whatever its key.
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache key format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
    dir?: directory           # The project directory (default: the current directory)
  ]

  def "nu-complete uvcache link mode" [] {
    [ "clone" "hardlink" "copy" "symlink" ]
  }

  def "nu-complete uvcache link format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Materialize a stored archive or checkout into a directory: clone, hardlink, copy or symlink.
  export extern "uvcache link" [
    --mode: string@"nu-complete uvcache link mode" # clone, hardlink, copy or symlink (default UV_LINK_MODE, else clone on Linux and macOS).
    --reinstall               # Replace files already in the destination.
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache link format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
    entry: path               # The stored archive or checkout (a path returned by fetch or git)
    dest: directory           # The destination directory
  ]

  def "nu-complete uvcache completions shell" [] {
    [ "bash" "zsh" "fish" "nushell" "powershell" ]
  }

  def "nu-complete uvcache completions format" [] {
    [ "human" "json" "ndjson" ]
  }

  # Print the completion script for a shell
  export extern "uvcache completions" [
    --cache-dir(-d): path     # Path to the cache directory (as uv's --cache-dir).
    --no-cache                # Use a temporary cache directory, removed afterwards (as uv's --no-cache).
    --store-dir: path         # Path to uvcache's own store (HTTP fetches, git databases and checkouts); default $XDG_CACHE_HOME/uvcache.
    --store                   # Work on uvcache's own store instead of uv's cache.
    --exact                   # Walk the whole cache instead of answering from its index in uvcache's store (which is checked against the disk first), and rewrite the index.
    --uv-version: string      # The uv release to work for (default: UVCACHE_UV_VERSION, uv-version in uvcache's config, the uv on PATH, else the newest release whose buckets the cache holds).
    --environments: string    # More Python environments to read: paths or globs such as ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest .venv and uv's cached environments are always read.
    --format: string@"nu-complete uvcache completions format" # Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per line (rows of tables stream)
    --threads: string         # Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits on the disk, not the CPU)
    --help(-h)                # Print help (see more with '--help')
    shell: string@"nu-complete uvcache completions shell" # The shell
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "uvcache help" [
  ]

  # Show the cache directory uv would use, and which setting decided it.
  export extern "uvcache help dir" [
  ]

  # Show the configuration uvcache reads, with the layer and file of every value.
  export extern "uvcache help config" [
  ]

  # List the cache's entries: bucket, kind, package, version, sizes, last use, status.
  export extern "uvcache help ls" [
  ]

  # List the Python environments found and what each uses from the cache.
  export extern "uvcache help envs" [
  ]

  # Show the cache's disk usage (same total as `uv cache size`), per bucket or per package.
  export extern "uvcache help size" [
  ]

  # The cache's size over time: total and bytes per bucket.
  export extern "uvcache help history" [
  ]

  # Remove all cache entries, or those of the given packages (same result as `uv cache clean`).
  export extern "uvcache help clean" [
  ]

  # Remove unused cache entries (same result as `uv cache prune`, or `--ci`).
  export extern "uvcache help prune" [
  ]

  # Upload cache entries to a remote (default: the wheels built from source).
  export extern "uvcache help push" [
  ]

  # Bring a remote's entries that this uv release, machine and Python can use into the cache.
  export extern "uvcache help pull" [
  ]

  # Look at a remote
  export extern "uvcache help remote" [
  ]

  # List the entries a remote holds.
  export extern "uvcache help remote ls" [
  ]

  # Make an ed25519 key pair to sign pushes with.
  export extern "uvcache help remote keygen" [
  ]

  # Show the effective prune policy: every value and rule, with the layer and file it came from.
  export extern "uvcache help policy" [
  ]

  # Validate a policy file; errors name the line and the key.
  export extern "uvcache help policy check" [
  ]

  # Check the cache and its surroundings: markers, lock, buckets, links, file systems, link modes, size budget and settings.
  export extern "uvcache help doctor" [
  ]

  # Fetch a URL through uvcache's store, reusing it while its caching headers say it is fresh.
  export extern "uvcache help fetch" [
  ]

  # Resolve a git reference to a commit and check it out in uvcache's store, as uv does.
  export extern "uvcache help git" [
  ]

  # Show the cache key uv computes for a local project, and (--compare) whether uv would rebuild.
  export extern "uvcache help key" [
  ]

  # Materialize a stored archive or checkout into a directory: clone, hardlink, copy or symlink.
  export extern "uvcache help link" [
  ]

  # Print the completion script for a shell
  export extern "uvcache help completions" [
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "uvcache help help" [
  ]

}

export use completions *

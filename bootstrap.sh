#!/usr/bin/env bash
# Installs what this repository needs on a Debian machine, then runs a build.ps1 task.
#
#   ./bootstrap.sh Demo     # set up if needed, then run the demo
#   ./bootstrap.sh Test     # set up if needed, then run every test
#
# Idempotent and quick when everything is already there. It installs:
# - Debian's packaged Rust crate sources (used offline through a cargo directory source in this
#   repository's own, git-ignored .cargo/config.toml when crates.io cannot be reached),
#   cbindgen, Chromium and ChromeDriver (sign-in tests), the AWS CLI and botocore/boto3
#   (compatibility peers), hyperfine (benchmarks);
# - PowerShell 7.6.9 as a .NET global tool;
# - Pester 5.7.1 from NuGet (restored as a package by tools/packages.csproj).
set -euo pipefail
cd "$(dirname "$0")"

PWSH_VERSION=7.6.9
APT_PACKAGES=(
  cbindgen gcc pkg-config
  librust-tokio-dev librust-reqwest-dev librust-hyper-dev librust-ring-dev
  librust-serde-dev librust-serde-derive-dev librust-serde-json-dev librust-sha1-dev librust-sha2-dev
  librust-hmac-dev librust-once-cell-dev librust-libc-dev
  librust-base64-dev librust-percent-encoding-dev librust-form-urlencoded-dev librust-rustls-pemfile-dev librust-shlex-dev
  chromium chromium-driver awscli python3-botocore python3-boto3 hyperfine
)

say() { printf 'bootstrap: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Debian packages.
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. Rust. The toolchain itself (rustup's cargo) is expected on this kind of machine.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
command -v cargo >/dev/null || { say "cargo is missing: install Rust (rustup) first"; exit 1; }

# Where crates.io is unreachable, cargo (and cbindgen's `cargo metadata`) must use Debian's
# crate sources. That setting lives in this repository's .cargo/config.toml (git-ignored), which
# cargo reads for every command run inside the repository (build.ps1 runs them all from its
# root), and nowhere else: the user's $CARGO_HOME/config.toml, and so every other Rust project
# on the machine, is left alone.
repo_cargo_config=.cargo/config.toml
if [ ! -f "$repo_cargo_config" ]; then
  if curl -fsS -m 5 -o /dev/null https://index.crates.io/config.json 2>/dev/null; then
    : # crates.io works: cargo needs no configuration.
  else
    say "crates.io is unreachable: pointing cargo at /usr/share/cargo/registry for this repository ($repo_cargo_config)"
    mkdir -p .cargo
    cat > "$repo_cargo_config.tmp" <<'TOML'
# Written by bootstrap.sh because crates.io was unreachable; used by cargo inside this
# repository only (git-ignored). Delete it to build from crates.io again.
[source.crates-io]
replace-with = "debian-packages"

[source.debian-packages]
directory = "/usr/share/cargo/registry"

[net]
offline = true
TOML
    mv "$repo_cargo_config.tmp" "$repo_cargo_config"
  fi
fi
# Earlier versions of this script appended the same block to the global config. It is not
# needed any more; say so, but never edit the user's file.
global_cargo_config="${CARGO_HOME:-$HOME/.cargo}/config.toml"
if grep -qs 'AwsLogin: debian-packages' "$global_cargo_config"; then
  say "note: $global_cargo_config still has the block an older bootstrap.sh added (from '# AwsLogin: debian-packages' to 'offline = true'); it affects every Rust project and can be removed"
fi

# 3. PowerShell as a .NET global tool.
export PATH="$HOME/.dotnet/tools:$PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! pwsh --version 2>/dev/null | grep -qx "PowerShell $PWSH_VERSION"; then
  say "installing PowerShell $PWSH_VERSION (dotnet global tool)"
  if dotnet tool list --global | grep -qi '^powershell '; then
    dotnet tool update --global PowerShell --version "$PWSH_VERSION" >/dev/null
  else
    dotnet tool install --global PowerShell --version "$PWSH_VERSION" >/dev/null
  fi
fi

# 4. NuGet packages (Pester).
nuget_root="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
if [ ! -f "$nuget_root/pester/5.7.1/tools/Pester.psd1" ]; then
  say "restoring Pester 5.7.1 from NuGet"
  dotnet restore tools/packages.csproj --verbosity quiet >/dev/null
fi

[ $# -eq 0 ] && { say "ready"; exit 0; }
exec pwsh -NoProfile -NonInteractive -File ./build.ps1 "$@"

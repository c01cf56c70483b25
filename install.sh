#!/bin/sh
# Installs Hearth, the static site generator for coaching practice websites,
# from a prebuilt release: it picks the archive for this computer, checks it
# against the release's SHA256SUMS, and puts `hearth` in ~/.local/bin.
#
#   curl -fsSL https://github.com/OWNER/hearth/releases/latest/download/install.sh | sh
#
# Settings, all optional, as environment variables:
#   HEARTH_VERSION       the version to install, like 0.2.0 (default: the latest)
#   HEARTH_INSTALL_DIR   the folder to put `hearth` in (default: ~/.local/bin)
#   HEARTH_REPOSITORY    the GitHub repository of the releases, as OWNER/NAME
#   HEARTH_DOWNLOAD_URL  where the releases are, for mirrors and tests (default:
#                        https://github.com/$HEARTH_REPOSITORY/releases); files
#                        are read from .../download/vVERSION/ or .../latest/download/
#   HEARTH_PLATFORM      "OS CPU" as `uname -s` and `uname -m` print them, to
#                        install for another computer than this one
#
# It is POSIX sh (tested with dash and bash) and needs curl or wget, tar, and
# sha256sum, shasum or openssl. Nothing is installed unless the checksum matches.
set -eu

# The release workflow writes the real repository here when it publishes
# this script with a release.
HEARTH_DEFAULT_REPOSITORY="OWNER/hearth"

tmp_dir=""
partial=""

say() {
  printf 'hearth installer: %s\n' "$*"
}

fail() {
  printf 'hearth installer: error: %s\n' "$*" >&2
  exit 1
}

cleanup() {
  if [ -n "$partial" ]; then rm -f "$partial"; fi
  if [ -n "$tmp_dir" ]; then rm -rf "$tmp_dir"; fi
}

# Prints the release target (like x86_64-unknown-linux-musl) of this computer,
# or of HEARTH_PLATFORM when it is set.
detect_target() {
  if [ -n "${HEARTH_PLATFORM:-}" ]; then
    os=${HEARTH_PLATFORM%% *}
    cpu=${HEARTH_PLATFORM#* }
  else
    os=$(uname -s)
    cpu=$(uname -m)
    # An x86_64 shell on an Apple silicon Mac runs under Rosetta: the native
    # binary is the faster one.
    if [ "$os" = Darwin ] && [ "$cpu" = x86_64 ] &&
      [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
      cpu=arm64
    fi
  fi
  unsupported="Hearth has no prebuilt binary for $os on $cpu; there are binaries for Linux and macOS on x86_64 and arm64 (aarch64), and for Windows on x86_64. With Rust installed you can build it instead: cargo install --locked hearth-ssg"
  case $os in
    Linux) os_part=unknown-linux-musl ;;
    Darwin) os_part=apple-darwin ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
      fail "this is Windows: install Hearth from PowerShell instead, with: irm $base_url/latest/download/install.ps1 | iex"
      ;;
    *) fail "$unsupported" ;;
  esac
  case $cpu in
    x86_64 | amd64) cpu_part=x86_64 ;;
    aarch64 | arm64) cpu_part=aarch64 ;;
    *) fail "$unsupported" ;;
  esac
  printf '%s-%s\n' "$cpu_part" "$os_part"
}

# Downloads $1 into the file $2; on failure explains it in plain words, with
# $3 saying what the file is.
download() {
  url=$1
  out=$2
  what=$3
  log="$tmp_dir/download.log"
  status=""
  if command -v curl >/dev/null 2>&1; then
    if status=$(curl --fail --silent --show-error --location --retry 2 \
      --connect-timeout 20 --proto "$protocols" --proto-redir "$protocols" --output "$out" \
      --write-out '%{http_code}' "$url" 2>"$log"); then
      return 0
    else
      code=$?
    fi
    case $code in
      22) problem=http ;;
      5 | 6 | 7 | 28 | 35 | 52 | 55 | 56 | 60) problem=network ;;
      *) problem=other ;;
    esac
  elif command -v wget >/dev/null 2>&1; then
    # Short options only: BusyBox's wget knows no others.
    if wget -q -T 20 -O "$out" "$url" 2>"$log"; then
      return 0
    else
      code=$?
    fi
    case $code in
      8) problem=http ;;
      4 | 5) problem=network ;;
      *) problem=other ;;
    esac
  else
    fail "neither curl nor wget is installed; install one of them (for example: sudo apt-get install curl) and run this again"
  fi
  detail=$(tail -n 1 "$log" 2>/dev/null || true)
  if [ -n "$detail" ]; then detail=" ($detail)"; fi
  case $problem in
    http)
      if [ "$status" = 404 ] || [ -z "$status" ]; then
        if [ "$version" = latest ]; then
          fail "the latest release has no $what ($url was not found). See $base_url for the releases there are."
        fi
        fail "there is no release $tag, or it has no $what ($url was not found). Check HEARTH_VERSION=$HEARTH_VERSION; the releases are listed at $base_url"
      fi
      fail "the server answered $status for $url; try again in a few minutes$detail"
      ;;
    network)
      fail "could not download $url: check your internet connection (or proxy) and try again$detail"
      ;;
    *)
      fail "could not download $url$detail"
      ;;
  esac
}

# Prints the SHA-256 of the file $1 in lower case.
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sum=$(sha256sum "$1")
  elif command -v shasum >/dev/null 2>&1; then
    sum=$(shasum -a 256 "$1")
  elif command -v openssl >/dev/null 2>&1; then
    sum=$(openssl dgst -sha256 -r "$1")
  else
    fail "found no tool to check the download (sha256sum, shasum or openssl), so nothing was installed; install coreutils or openssl and run this again"
  fi
  printf '%s\n' "${sum%% *}" | tr 'A-F' 'a-f'
}

main() {
  repository=${HEARTH_REPOSITORY:-$HEARTH_DEFAULT_REPOSITORY}
  if [ -z "${HEARTH_DOWNLOAD_URL:-}" ] && [ "$repository" = OWNER/hearth ]; then
    fail "this copy of install.sh does not know where Hearth's releases are; set HEARTH_REPOSITORY=OWNER/NAME (the GitHub repository of Hearth you install from) and run it again"
  fi
  base_url=${HEARTH_DOWNLOAD_URL:-https://github.com/$repository/releases}
  base_url=${base_url%/}

  # Only HTTPS, except a plain-HTTP server on this computer (for tests): the
  # checksums come from the same place as the archive.
  case $base_url in
    https://*) protocols="=https" ;;
    http://127.0.0.1[:/]* | http://localhost[:/]* | http://\[::1\][:/]*) protocols="=http" ;;
    *) fail "HEARTH_DOWNLOAD_URL must be an https:// address (plain http only on this computer), not $base_url" ;;
  esac

  version=${HEARTH_VERSION:-latest}
  HEARTH_VERSION=$version
  case $version in
    latest)
      tag=latest
      release_path=latest/download
      ;;
    *)
      number=${version#v}
      case $number in
        [0-9]*) ;;
        *) fail "HEARTH_VERSION=$version is not a version number; write it like 0.2.0 (or leave it unset for the latest)" ;;
      esac
      case $number in
        *[!0-9A-Za-z.+-]*) fail "HEARTH_VERSION=$version is not a version number; write it like 0.2.0 (or leave it unset for the latest)" ;;
      esac
      tag=v$number
      release_path=download/$tag
      ;;
  esac

  target=$(detect_target)
  archive="hearth-$target.tar.gz"

  if [ -n "${HEARTH_INSTALL_DIR:-}" ]; then
    install_dir=$HEARTH_INSTALL_DIR
  elif [ -n "${HOME:-}" ]; then
    install_dir=$HOME/.local/bin
  else
    fail "HOME is not set; choose a folder with HEARTH_INSTALL_DIR=/path/to/bin"
  fi

  trap cleanup EXIT
  trap 'exit 1' HUP INT TERM
  tmp_dir=$(mktemp -d 2>/dev/null || mktemp -d -t hearth) ||
    fail "could not make a temporary folder; set TMPDIR to a folder you can write to"

  if [ "$version" = latest ]; then
    say "downloading the latest Hearth for $target"
  else
    say "downloading Hearth $tag for $target"
  fi
  download "$base_url/$release_path/SHA256SUMS" "$tmp_dir/SHA256SUMS" "checksum file (SHA256SUMS)"
  download "$base_url/$release_path/$archive" "$tmp_dir/$archive" "archive for $target ($archive)"

  expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print tolower($1) }' "$tmp_dir/SHA256SUMS" | sort -u)
  case $expected in
    "") fail "SHA256SUMS of this release has no line for $archive, so the download cannot be checked; nothing was installed" ;;
    *[!0-9a-f]*) fail "SHA256SUMS of this release has more than one, or a malformed, checksum for $archive; nothing was installed" ;;
  esac
  actual=$(sha256_of "$tmp_dir/$archive")
  if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch: the downloaded $archive does not match its SHA256SUMS line (expected $expected, got $actual). The file is damaged or was tampered with, so nothing was installed. Try again; if it happens again, please report it."
  fi
  say "checksum verified (SHA-256 $actual)"

  mkdir "$tmp_dir/unpacked"
  tar -xzf "$tmp_dir/$archive" -C "$tmp_dir/unpacked" ||
    fail "could not unpack $archive; nothing was installed"
  binary="$tmp_dir/unpacked/hearth-$target/hearth"
  if [ ! -f "$binary" ]; then
    fail "$archive holds no hearth-$target/hearth; nothing was installed"
  fi

  mkdir -p "$install_dir" 2>/dev/null ||
    fail "could not create $install_dir; choose another folder with HEARTH_INSTALL_DIR=/path/to/bin"
  partial="$install_dir/.hearth.partial.$$"
  cp "$binary" "$partial" 2>/dev/null ||
    fail "could not write to $install_dir; choose a folder you can write to with HEARTH_INSTALL_DIR=/path/to/bin"
  chmod 755 "$partial"
  mv -f "$partial" "$install_dir/hearth" ||
    fail "could not replace $install_dir/hearth; is it running? Close it and run this again"
  partial=""

  if ! installed=$("$install_dir/hearth" --version 2>&1); then
    fail "installed $install_dir/hearth, but it does not run on this computer: $installed"
  fi
  say "installed $installed to $install_dir/hearth"
  case ":${PATH:-}:" in
    *":$install_dir:"* | *":$install_dir/:"*)
      say "run 'hearth --help' to get started"
      ;;
    *)
      say "$install_dir is not on your PATH yet. Add this line to your shell's startup file (~/.profile, ~/.bashrc or ~/.zshrc), then open a new terminal:"
      # shellcheck disable=SC2016 # $PATH is meant literally, for the user's file
      printf '\n    export PATH="%s:$PATH"\n\n' "$install_dir"
      ;;
  esac
}

main "$@"

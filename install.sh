#!/bin/sh
# Dazzle installer: curl -fsSL <base>/install.sh | sh
#
# Environment (all optional; docs/ship.md has the details):
#   DAZZLE_VERSION      version to install, e.g. 0.1.0 (default: the one named by <base>/latest)
#   DAZZLE_BASE_URL     where releases live (default: the URL this script was published for)
#   DAZZLE_INSTALL_DIR  where to put `dazzle` (default: /usr/local/bin as root, else
#                       $HOME/.local/bin)
#
# This is the one POSIX sh file of the project: it runs before anything else is installed.
# It installs nothing unless the archive's SHA-256 matches SHA256SUMS, and it replaces the
# binary with a rename inside the target folder, so `dazzle` is always either the old or the
# new file, never half of one.
set -eu

# Stamped by `scripts/release.ts --base-url`; `.example` never resolves, so an unstamped copy
# cannot fetch anything from a server we do not control.
DEFAULT_BASE_URL="https://releases.dazzle.example"

say() {
  printf 'dazzle-install: %s\n' "$1" >&2
}

fail() {
  printf 'dazzle-install: error: %s\n' "$1" >&2
  if [ -n "${2:-}" ]; then
    printf 'dazzle-install: hint: %s\n' "$2" >&2
  fi
  exit 1
}

# linux-x64 or linux-arm64, matching the archive names in ship/release-layout.ts.
detect_platform() {
  os=$(uname -s)
  machine=$(uname -m)
  case "$os" in
    Linux) ;;
    *) fail "unsupported platform: $os $machine (dazzle ships for Linux x86_64 and aarch64)" \
      "on macOS or Windows, run dazzle in a Linux container or CI runner" ;;
  esac
  case "$machine" in
    x86_64 | amd64) echo "linux-x64" ;;
    aarch64 | arm64) echo "linux-arm64" ;;
    *) fail "unsupported platform: $os $machine (dazzle ships for Linux x86_64 and aarch64)" ;;
  esac
}

# download URL FILE: fetch with curl (or wget), failing on HTTP errors.
download() {
  if command -v curl >/dev/null 2>&1; then
    curl --proto '=https,http' --proto-redir '=https' -fsSL --retry 2 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1"
  else
    fail "neither curl nor wget is installed" "install curl, then run this again"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  elif command -v openssl >/dev/null 2>&1; then
    openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1
  else
    fail "no SHA-256 tool found (sha256sum, shasum or openssl)" \
      "install coreutils, then run this again"
  fi
}

check_version_text() {
  case "$1" in
    '' | *[!0-9A-Za-z.+-]*) fail "not a version: '$1'" "set DAZZLE_VERSION like 0.1.0" ;;
  esac
}

# The checksum file comes from the same server as the archive, so it only proves integrity
# if the transport does: https everywhere, plain http only for a server on this machine.
check_base_url() {
  case "$1" in
    https://*) ;;
    http://127.0.0.1:* | http://127.0.0.1/* | http://localhost:* | http://localhost/*) ;;
    *) fail "DAZZLE_BASE_URL must be an https:// URL, got '$1'" \
      "plain http is accepted only for a server on this machine (127.0.0.1 or localhost)" ;;
  esac
}

resolve_version() {
  if [ -n "${DAZZLE_VERSION:-}" ]; then
    echo "${DAZZLE_VERSION#v}"
    return
  fi
  download "$base_url/latest" "$work_dir/latest" ||
    fail "could not download $base_url/latest to find the latest version" \
      "check DAZZLE_BASE_URL, or pin a version with DAZZLE_VERSION"
  latest=$(tr -d ' \t\r\n' <"$work_dir/latest")
  echo "${latest#v}"
}

default_install_dir() {
  if [ "$(id -u)" -eq 0 ]; then
    echo "/usr/local/bin"
  else
    [ -n "${HOME:-}" ] || fail "HOME is not set" "set DAZZLE_INSTALL_DIR"
    echo "$HOME/.local/bin"
  fi
}

# Sets `sudo` to "sudo" only when the folder exists or can be made but is not writable by us.
choose_privilege() {
  sudo=""
  if mkdir -p "$install_dir" 2>/dev/null && [ -w "$install_dir" ]; then
    return
  fi
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
    say "$install_dir is not writable by $(id -un); using sudo for the final copy"
    sudo="sudo"
    $sudo mkdir -p "$install_dir" || fail "could not create $install_dir"
    return
  fi
  fail "cannot write to $install_dir" "set DAZZLE_INSTALL_DIR to a folder you own"
}

verify_archive() {
  expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1 }' \
    "$work_dir/SHA256SUMS")
  case "$expected" in
    '' | *[!0-9a-f]*) fail "SHA256SUMS of version $version has no valid entry for $archive" ;;
  esac
  [ "${#expected}" -eq 64 ] || fail "SHA256SUMS entry for $archive is not a SHA-256 digest"
  actual=$(sha256_of "$work_dir/$archive")
  if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $archive: expected $expected, got $actual; nothing was installed" \
      "the download was corrupted or tampered with; try again, and report it if it persists"
  fi
}

# Copy next to the target, then rename: atomic on one file system, and an interrupted copy
# leaves only a hidden temporary file that the trap removes.
place_binary() {
  target="$install_dir/dazzle"
  if [ -f "$target" ] && cmp -s "$new_binary" "$target"; then
    say "dazzle $version is already installed at $target"
    return
  fi
  staged="$install_dir/.dazzle.install.$$"
  $sudo cp "$new_binary" "$staged" || fail "could not write $staged"
  $sudo chmod 0755 "$staged"
  $sudo mv -f "$staged" "$target" || fail "could not move $staged to $target"
  staged=""
  say "installed dazzle $version to $target"
}

cleanup() {
  if [ -n "${staged:-}" ]; then
    ${sudo:-} rm -f "$staged"
  fi
  if [ -n "${work_dir:-}" ]; then
    rm -rf "$work_dir"
  fi
}

# The .tar.xz is about a quarter smaller than the .tar.gz: take it when this machine has xz
# and the release lists it; otherwise the .tar.gz, which every tar unpacks.
choose_archive() {
  xz_archive="dazzle-$version-$platform.tar.xz"
  if command -v xz >/dev/null 2>&1 &&
    awk -v name="$xz_archive" '$2 == name || $2 == "*" name { found = 1 } END { exit !found }' \
      "$work_dir/SHA256SUMS"; then
    echo "$xz_archive"
  else
    echo "dazzle-$version-$platform.tar.gz"
  fi
}

unpack_archive() {
  case "$archive" in
    *.tar.xz) xz -dc "$work_dir/$archive" > "$work_dir/archive.tar" &&
      tar -xf "$work_dir/archive.tar" -C "$work_dir/unpacked" ;;
    *) tar -xzf "$work_dir/$archive" -C "$work_dir/unpacked" ;;
  esac
}

main() {
  platform=$(detect_platform)
  base_url="${DAZZLE_BASE_URL:-$DEFAULT_BASE_URL}"
  base_url="${base_url%/}"
  check_base_url "$base_url"
  staged=""
  work_dir=$(mktemp -d "${TMPDIR:-/tmp}/dazzle-install.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  version=$(resolve_version)
  check_version_text "$version"
  release_url="$base_url/$version"
  say "downloading dazzle $version for $platform from $release_url"
  download "$release_url/SHA256SUMS" "$work_dir/SHA256SUMS" ||
    fail "could not download $release_url/SHA256SUMS: is version $version published?" \
      "check DAZZLE_VERSION and DAZZLE_BASE_URL ($base_url)"
  archive=$(choose_archive)
  download "$release_url/$archive" "$work_dir/$archive" ||
    fail "could not download $release_url/$archive" "check your network and DAZZLE_BASE_URL"
  verify_archive
  mkdir "$work_dir/unpacked"
  unpack_archive || fail "could not unpack $archive"
  new_binary="$work_dir/unpacked/dazzle-$version-$platform/dazzle"
  [ -f "$new_binary" ] || fail "$archive does not contain dazzle-$version-$platform/dazzle"
  printed=$("$new_binary" --version 2>/dev/null) ||
    fail "the downloaded dazzle $version does not run on this machine ($platform)" \
      "dazzle needs glibc-based Linux (not musl/Alpine)"
  case "$printed" in
    "dazzle $version "*) ;;
    *) fail "$archive holds a binary that reports '$printed', not dazzle $version" ;;
  esac
  install_dir="${DAZZLE_INSTALL_DIR:-$(default_install_dir)}"
  choose_privilege
  place_binary
  case ":${PATH:-}:" in
    *":$install_dir:"*) ;;
    *) say "note: $install_dir is not on your PATH; add it:" \
      && say "  export PATH=\"$install_dir:\$PATH\"" ;;
  esac
}

main "$@"

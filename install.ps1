# Installs Hearth, the static site generator for coaching practice websites,
# on Windows from a prebuilt release: it downloads the archive, checks it
# against the release's SHA256SUMS, and puts hearth.exe in ~\.local\bin.
#
#   irm https://github.com/OWNER/hearth/releases/latest/download/install.ps1 | iex
#
# Settings, all optional, as environment variables (the same as install.sh):
#   HEARTH_VERSION       the version to install, like 0.2.0 (default: the latest)
#   HEARTH_INSTALL_DIR   the folder to put hearth.exe in (default: ~\.local\bin)
#   HEARTH_REPOSITORY    the GitHub repository of the releases, as OWNER/NAME
#   HEARTH_DOWNLOAD_URL  where the releases are, for mirrors and tests (default:
#                        https://github.com/$HEARTH_REPOSITORY/releases)
#   HEARTH_PLATFORM      "OS CPU", like "Windows AMD64", to override detection
#
# Nothing is installed unless the checksum matches. Errors are thrown, never
# `exit`, so a PowerShell window running this through `iex` stays open.

# The release workflow writes the real repository here when it publishes
# this script with a release.
$DefaultRepository = 'OWNER/hearth'

function Install-Hearth {
    [CmdletBinding()]
    param()
    $ErrorActionPreference = 'Stop'
    # Invoke-WebRequest is many times slower with its progress bar.
    $ProgressPreference = 'SilentlyContinue'
    # Windows PowerShell 5.1 may not offer TLS 1.2 by default.
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12

    function Fail([string]$Message) {
        throw "hearth installer: error: $Message"
    }
    function Say([string]$Message) {
        Write-Host "hearth installer: $Message"
    }

    $repository = if ($env:HEARTH_REPOSITORY) { $env:HEARTH_REPOSITORY } else { $DefaultRepository }
    if (-not $env:HEARTH_DOWNLOAD_URL -and $repository -eq 'OWNER/hearth') {
        Fail "this copy of install.ps1 does not know where Hearth's releases are; set `$env:HEARTH_REPOSITORY = 'OWNER/NAME' (the GitHub repository of Hearth you install from) and run it again"
    }
    $baseUrl = if ($env:HEARTH_DOWNLOAD_URL) { $env:HEARTH_DOWNLOAD_URL } else { "https://github.com/$repository/releases" }
    $baseUrl = $baseUrl.TrimEnd('/')
    if ($baseUrl -notmatch '^https://' -and $baseUrl -notmatch '^http://(127\.0\.0\.1|localhost|\[::1\])([:/]|$)') {
        Fail "HEARTH_DOWNLOAD_URL must be an https:// address (plain http only on this computer), not $baseUrl"
    }

    $version = if ($env:HEARTH_VERSION) { $env:HEARTH_VERSION } else { 'latest' }
    if ($version -eq 'latest') {
        $releasePath = 'latest/download'
        $tag = 'latest'
    } else {
        $number = $version -replace '^v', ''
        if ($number -notmatch '^[0-9][0-9A-Za-z.+-]*$') {
            Fail "HEARTH_VERSION=$version is not a version number; write it like 0.2.0 (or leave it unset for the latest)"
        }
        $tag = "v$number"
        $releasePath = "download/$tag"
    }

    if ($env:HEARTH_PLATFORM) {
        $os, $cpu = $env:HEARTH_PLATFORM -split ' ', 2
    } else {
        $os = 'Windows'
        $cpu = $env:PROCESSOR_ARCHITECTURE
        # A 32-bit PowerShell on 64-bit Windows.
        if ($env:PROCESSOR_ARCHITEW6432) { $cpu = $env:PROCESSOR_ARCHITEW6432 }
    }
    if ($os -ne 'Windows' -or @('AMD64', 'x86_64', 'ARM64') -notcontains $cpu) {
        Fail "Hearth has no prebuilt binary for $os on $cpu from this installer; there are binaries for Windows on x86_64 (which also runs on Windows on ARM), and install.sh installs them on Linux and macOS. With Rust installed you can build it instead: cargo install --locked hearth-ssg"
    }
    if ($cpu -eq 'ARM64') {
        Say "there is no ARM64 build for Windows yet; installing the x86_64 one, which Windows on ARM runs by emulation"
    }
    $target = 'x86_64-pc-windows-msvc'
    $archive = "hearth-$target.zip"

    $installDir = if ($env:HEARTH_INSTALL_DIR) { $env:HEARTH_INSTALL_DIR } else { Join-Path $HOME '.local\bin' }

    $tmp = Join-Path ([IO.Path]::GetTempPath()) ("hearth-install-" + [Guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $tmp | Out-Null
    $partial = $null
    try {
        function Get-File([string]$Url, [string]$OutFile, [string]$What) {
            try {
                Invoke-WebRequest -UseBasicParsing -Uri $Url -OutFile $OutFile -TimeoutSec 60
            } catch {
                $status = $null
                $response = $_.Exception.Response
                if ($null -ne $response) { $status = [int]$response.StatusCode }
                if ($status -eq 404) {
                    if ($version -eq 'latest') {
                        Fail "the latest release has no $What ($Url was not found). See $baseUrl for the releases there are."
                    }
                    Fail "there is no release $tag, or it has no $What ($Url was not found). Check HEARTH_VERSION=$version; the releases are listed at $baseUrl"
                } elseif ($null -ne $status) {
                    Fail "the server answered $status for $Url; try again in a few minutes"
                }
                Fail "could not download ${Url}: check your internet connection (or proxy) and try again ($($_.Exception.Message))"
            }
        }

        if ($version -eq 'latest') { Say "downloading the latest Hearth for $target" } else { Say "downloading Hearth $tag for $target" }
        $sumsFile = Join-Path $tmp 'SHA256SUMS'
        $archiveFile = Join-Path $tmp $archive
        Get-File "$baseUrl/$releasePath/SHA256SUMS" $sumsFile 'checksum file (SHA256SUMS)'
        Get-File "$baseUrl/$releasePath/$archive" $archiveFile "archive for $target ($archive)"

        $expected = @(Get-Content -LiteralPath $sumsFile | ForEach-Object {
                $fields = $_.Trim() -split '\s+', 2
                if ($fields.Count -eq 2 -and ($fields[1] -eq $archive -or $fields[1] -eq "*$archive")) { $fields[0].ToLowerInvariant() }
            } | Sort-Object -Unique)
        if ($expected.Count -eq 0) {
            Fail "SHA256SUMS of this release has no line for $archive, so the download cannot be checked; nothing was installed"
        }
        if ($expected.Count -gt 1 -or $expected[0] -notmatch '^[0-9a-f]{64}$') {
            Fail "SHA256SUMS of this release has more than one, or a malformed, checksum for $archive; nothing was installed"
        }
        $actual = (Get-FileHash -LiteralPath $archiveFile -Algorithm SHA256).Hash.ToLowerInvariant()
        if ($actual -ne $expected[0]) {
            Fail "checksum mismatch: the downloaded $archive does not match its SHA256SUMS line (expected $($expected[0]), got $actual). The file is damaged or was tampered with, so nothing was installed. Try again; if it happens again, please report it."
        }
        Say "checksum verified (SHA-256 $actual)"

        $unpacked = Join-Path $tmp 'unpacked'
        try {
            Expand-Archive -LiteralPath $archiveFile -DestinationPath $unpacked
        } catch {
            Fail "could not unpack ${archive}: $($_.Exception.Message); nothing was installed"
        }
        $binary = Join-Path $unpacked "hearth-$target\hearth.exe"
        if (-not (Test-Path -LiteralPath $binary -PathType Leaf)) {
            Fail "$archive holds no hearth-$target\hearth.exe; nothing was installed"
        }

        try {
            New-Item -ItemType Directory -Force -Path $installDir | Out-Null
            $partial = Join-Path $installDir ".hearth.partial.$PID.exe"
            Copy-Item -LiteralPath $binary -Destination $partial
        } catch {
            Fail "could not write to ${installDir}: choose a folder you can write to with `$env:HEARTH_INSTALL_DIR"
        }
        $exe = Join-Path $installDir 'hearth.exe'
        try {
            Move-Item -LiteralPath $partial -Destination $exe -Force
            $partial = $null
        } catch {
            Fail "could not replace ${exe}; is it running? Close it and run this again"
        }

        $installed = & $exe --version 2>&1
        if ($LASTEXITCODE -ne 0) {
            Fail "installed $exe, but it does not run on this computer: $installed"
        }
        Say "installed $installed to $exe"
        $onPath = @($env:Path -split ';' | Where-Object { $_.TrimEnd('\') -ieq $installDir.TrimEnd('\') }).Count -gt 0
        if ($onPath) {
            Say "run 'hearth --help' to get started"
        } else {
            Say "$installDir is not on your PATH yet. To add it for your user, run this once, then open a new terminal:"
            Write-Host ""
            Write-Host "    [Environment]::SetEnvironmentVariable('Path', '$installDir;' + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')"
            Write-Host ""
        }
    } finally {
        if ($partial) { Remove-Item -LiteralPath $partial -Force -ErrorAction SilentlyContinue }
        Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Install-Hearth

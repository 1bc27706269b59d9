#!/usr/bin/env pwsh
# TR069Acs: ./run.ps1            build if needed and serve the ACS on SQLite under ./data
#           ./run.ps1 test       install what the tests need, then run every test project
#           ./run.ps1 bench      micro benchmarks and the session load run
#           ./run.ps1 <cmd> ...  pass through to the acs executable (serve, phone, devices, ...)
$ErrorActionPreference = 'Stop'
# Relative paths given to acs are the caller's: build in the repository, run acs from where the script was called.
$caller = (Get-Location).Path
Set-Location $PSScriptRoot
$root = $PSScriptRoot
$out = Join-Path $root '.build/acs'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Write-Error 'run.ps1: the .NET 10 SDK is required (dotnet not found on PATH).'
    exit 1
}

function Build-Acs {
    $stamp = Join-Path $out 'acs.dll'
    if (Test-Path $stamp) {
        $stampTime = (Get-Item $stamp).LastWriteTimeUtc
        $newer = Get-ChildItem -Recurse -File src, schemas, Directory.Build.props, Directory.Packages.props |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.LastWriteTimeUtc -gt $stampTime } |
            Select-Object -First 1
        if (-not $newer) { return }
    }
    Write-Host 'run.ps1: building acs (Release)...'
    dotnet publish src/TR069Acs.Cli/TR069Acs.Cli.csproj -c Release -o $out --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    (Get-Item $stamp).LastWriteTimeUtc = [DateTime]::UtcNow
}

function Install-TestDeps {
    # The Debian packages the tests drive for real; on other systems install them yourself.
    if (-not $IsLinux -or -not (Get-Command apt-get -ErrorAction SilentlyContinue)) { return }
    $pkgs = @()
    if (Test-Path tests/.apt-packages) {
        foreach ($p in Get-Content tests/.apt-packages) {
            if (-not $p -or $p.StartsWith('#')) { continue }
            dpkg -s $p *> $null
            if ($LASTEXITCODE -ne 0) { $pkgs += $p }
        }
    }
    if ($pkgs.Count -gt 0) {
        apt-get update -qq
        apt-get install -y -qq @pkgs
        if ($LASTEXITCODE -ne 0 -and $env:CI -eq 'true') { exit 1 }
    }
}

$cmd = if ($args.Count -gt 0) { $args[0] } else { 'serve' }
$rest = if ($args.Count -gt 1) { $args[1..($args.Count - 1)] } else { @() }
switch ($cmd) {
    'test' {
        Install-TestDeps
        dotnet restore TR069Acs.sln --nologo -v quiet
        dotnet build TR069Acs.sln -c Release --no-restore --nologo -v quiet
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        $status = 0
        foreach ($proj in Get-ChildItem tests/*/*.Tests.csproj) {
            Write-Host "== $($proj.BaseName)"
            dotnet test $proj.FullName -c Release --no-build --nologo --logger 'console;verbosity=normal' @rest
            if ($LASTEXITCODE -ne 0) { $status = 1 }
        }
        exit $status
    }
    'bench' {
        Build-Acs
        dotnet build bench/TR069Acs.Bench -c Release --nologo -v quiet
        $bench = 'bench/TR069Acs.Bench/bin/Release/net10.0/TR069Acs.Bench.dll'
        if ($rest.Count -eq 0) {
            dotnet $bench micro
            dotnet $bench load --acs (Join-Path $out 'acs.dll')
        } elseif ($rest[0] -eq 'load') {
            dotnet $bench load --acs (Join-Path $out 'acs.dll') @($rest | Select-Object -Skip 1)
        } else {
            dotnet $bench @rest
        }
    }
    default {
        Build-Acs
        $passArgs = if ($args.Count -eq 0) { @('serve') } else { $args }
        Set-Location $caller
        & (Join-Path $out 'acs') @passArgs
        exit $LASTEXITCODE
    }
}

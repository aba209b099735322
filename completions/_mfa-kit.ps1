
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'mfa-kit' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'mfa-kit'
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
        'mfa-kit' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create an empty vault, locked by an identity file or a passphrase')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an account''s TOTP from a URI, a secret or a QR screenshot')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the accounts, one a line')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an account and everything kept for it (asks first on a terminal)')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename an account (its backups still count for it)')
            [CompletionResult]::new('code', 'code', [CompletionResultType]::ParameterValue, 'Print the current TOTP code of one account, or of all')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a TOTP code: exit 0 if valid now, 1 if not (a code is accepted once)')
            [CompletionResult]::new('qr', 'qr', [CompletionResultType]::ParameterValue, 'Show an account''s enrollment QR code, to move it to a new authenticator')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add accounts from another authenticator''s export')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every account for another authenticator: otpauth URIs or Aegis JSON')
            [CompletionResult]::new('codes', 'codes', [CompletionResultType]::ParameterValue, 'Store, list and use an account''s recovery codes')
            [CompletionResult]::new('ssh', 'ssh', [CompletionResultType]::ParameterValue, 'Register and check the SSH keys a service accepts for recovery')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Declare other recovery paths: a security key, SMS, email, an admin, a trusted person')
            [CompletionResult]::new('location', 'location', [CompletionResultType]::ParameterValue, 'Devices and places: list them, retire one gone for good, rename one, group them in sites')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write an age-encrypted copy of the whole vault that stock age opens')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check, account by account, that no single loss locks you out (exit 1 if one fails)')
            [CompletionResult]::new('services', 'services', [CompletionResultType]::ParameterValue, 'The recovery routes common services accept, with their recovery command or page')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'A guided run on a throw-away vault: the locked-out story, from init to a passing audit')
            [CompletionResult]::new('kit', 'kit', [CompletionResultType]::ParameterValue, 'A printable recovery kit: the recovery sheet, the vault in QR codes, the paper key')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'Split a backup''s key among trusted people (any K of N rebuild it), or combine shares')
            [CompletionResult]::new('drill', 'drill', [CompletionResultType]::ParameterValue, 'Prove recovery: restore in memory from only what survives a loss, account by account')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Merge a backup into the vault (creating the vault on a new machine), or --check it')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock a passphrase vault once: an agent holds its key, and commands need no passphrase')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Lock the vault again: the agent holding its key forgets it and exits')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Give a passphrase vault a new key (and, if asked, a new passphrase)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;init' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Lock the vault with a passphrase instead of an identity file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;add' {
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'An otpauth://totp/ URI; `-` reads it from standard input')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The base32 secret; `-` reads it from standard input (a secret on the command line shows in ps)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Who issued it (the service''s name)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'The HMAC hash')
            [CompletionResult]::new('--digits', '--digits', [CompletionResultType]::ParameterName, 'Digits in a code, 6 to 8')
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'Seconds a code lasts')
            [CompletionResult]::new('--qr-image', '--qr-image', [CompletionResultType]::ParameterName, 'A screenshot or photo (PNG or JPEG) of the service''s enrollment QR code')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'A device whose authenticator app also holds this secret (repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON list of objects')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;remove' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask, even on a terminal, when recovery codes or SSH keys go with it')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask, even on a terminal, when recovery codes or SSH keys go with it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;rename' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;code' {
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'The moment to compute the code for, in Unix seconds [default: now]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: {"account","code","period","remaining"} (a list without NAME)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;verify' {
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Time steps accepted either side of now')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'The moment to check the code at, in Unix seconds [default: now]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;qr' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to draw it')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write to this file (mode 0600) instead of standard output')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--invert', '--invert', [CompletionResultType]::ParameterName, 'Light on dark instead of dark on light')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;import' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The export''s format')
            [CompletionResult]::new('--qr-image', '--qr-image', [CompletionResultType]::ParameterName, 'A screenshot of Google Authenticator''s export QR code (repeatable; with --from google)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The device whose authenticator app made the export, and so holds every imported account (repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The format to write')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write to this file (mode 0600) instead of standard output')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;codes' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store recovery codes read from standard input (they replace any stored before)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'How many codes are left; --show prints them')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Mark a code used; without CODE, print the next unused one and mark it used')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget an account''s recovery codes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;codes;add' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Where another copy of the codes is kept, such as paper-drawer (repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;codes;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'Print the codes too (used ones marked)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: {"account","left","total"} (with --show, also "codes")')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;codes;use' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;codes;remove' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;codes;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store recovery codes read from standard input (they replace any stored before)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'How many codes are left; --show prints them')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Mark a code used; without CODE, print the next unused one and mark it used')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget an account''s recovery codes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;codes;help;add' {
            break
        }
        'mfa-kit;codes;help;list' {
            break
        }
        'mfa-kit;codes;help;use' {
            break
        }
        'mfa-kit;codes;help;remove' {
            break
        }
        'mfa-kit;codes;help;help' {
            break
        }
        'mfa-kit;ssh' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register the SSH key a service accepts for recovery (public or private key file)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check every registered key on this device: exit 1 if one is missing or changed; --live proves each is still accepted by its service')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a registered key')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;ssh;add' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Where the private key lives [default: this device]')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Where `ssh check --live` tries the key, when the account''s service gives no host')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Keep the private key file''s text in the vault, so backups carry it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;ssh;check' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--live', '--live', [CompletionResultType]::ParameterName, 'Also prove each key on this device is still accepted: log in with it alone, running nothing (BatchMode, IdentitiesOnly, no agent, a bounded time-out)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON list of {"account","path","fingerprint","at","state"}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;ssh;remove' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;ssh;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register the SSH key a service accepts for recovery (public or private key file)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check every registered key on this device: exit 1 if one is missing or changed; --live proves each is still accepted by its service')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a registered key')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;ssh;help;add' {
            break
        }
        'mfa-kit;ssh;help;check' {
            break
        }
        'mfa-kit;ssh;help;remove' {
            break
        }
        'mfa-kit;ssh;help;help' {
            break
        }
        'mfa-kit;path' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Declare a recovery path and where it lives')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget declared recovery paths of a kind (at one location with --at); `authenticator` also forgets the copies recorded by `add --at` and `import --at`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;path;add' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'What the path needs: where the key, phone, mailbox or person is')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note for yourself (the number, the address, who to call)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;path;remove' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Only the path at this location')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;path;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Declare a recovery path and where it lives')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget declared recovery paths of a kind (at one location with --at); `authenticator` also forgets the copies recorded by `add --at` and `import --at`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;path;help;add' {
            break
        }
        'mfa-kit;path;help;remove' {
            break
        }
        'mfa-kit;path;help;help' {
            break
        }
        'mfa-kit;location' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every location and site the vault names, with how many recovery paths need each')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'A device or place is gone for good: forget what was kept there, and say what it cost')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a location or a site everywhere it is named')
            [CompletionResult]::new('site', 'site', [CompletionResultType]::ParameterValue, 'Put a location in a site, a place one event takes out whole (a fire at home)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;location;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON list of {"name","site","paths"}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;location;retire' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;location;rename' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;location;site' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--none', '--none', [CompletionResultType]::ParameterName, 'Take the location out of its site')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;location;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every location and site the vault names, with how many recovery paths need each')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'A device or place is gone for good: forget what was kept there, and say what it cost')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a location or a site everywhere it is named')
            [CompletionResult]::new('site', 'site', [CompletionResultType]::ParameterValue, 'Put a location in a site, a place one event takes out whole (a fire at home)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;location;help;list' {
            break
        }
        'mfa-kit;location;help;retire' {
            break
        }
        'mfa-kit;location;help;rename' {
            break
        }
        'mfa-kit;location;help;site' {
            break
        }
        'mfa-kit;location;help;help' {
            break
        }
        'mfa-kit;backup' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The file to write (`-` for standard output)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'An age recipient (age1...) or SSH public key (ssh-ed25519, ssh-rsa) to encrypt to (repeatable)')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'An age recipient (age1...) or SSH public key (ssh-ed25519, ssh-rsa) to encrypt to (repeatable)')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'A recipients file, one recipient a line (repeatable)')
            [CompletionResult]::new('--recipients-file', '--recipients-file', [CompletionResultType]::ParameterName, 'A recipients file, one recipient a line (repeatable)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Where the file will be kept [default: this device]')
            [CompletionResult]::new('--key-at', '--key-at', [CompletionResultType]::ParameterName, 'Where the recipients'' private keys live (repeatable) [default: this device]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Encrypt with a passphrase (scrypt) instead of recipients')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Write age''s ASCII armor')
            [CompletionResult]::new('--armor', '--armor', [CompletionResultType]::ParameterName, 'Write age''s ASCII armor')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;audit' {
            [CompletionResult]::new('--min-paths', '--min-paths', [CompletionResultType]::ParameterName, 'Independent paths an account needs to pass [default: the config''s, else 2]')
            [CompletionResult]::new('--lose', '--lose', [CompletionResultType]::ParameterName, 'What if these locations were lost together? (comma-separated, repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object instead of the table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;services' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON list of {"name","routes","recovery",...}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;completions' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;demo' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;kit' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The PDF to write (mode 0600)')
            [CompletionResult]::new('--paper', '--paper', [CompletionResultType]::ParameterName, 'The paper size')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Where the printed kit will be kept [default: this device]')
            [CompletionResult]::new('--key-at', '--key-at', [CompletionResultType]::ParameterName, 'Where the paper key (or the recipients'' keys) will be kept, apart from the kit')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Encrypt to this recipient instead of a paper key made for the kit (repeatable)')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Encrypt to this recipient instead of a paper key made for the kit (repeatable)')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'A recipients file instead of a paper key (repeatable)')
            [CompletionResult]::new('--recipients-file', '--recipients-file', [CompletionResultType]::ParameterName, 'A recipients file instead of a paper key (repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Encrypt with a passphrase instead of a paper key')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;share' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('split', 'split', [CompletionResultType]::ParameterValue, 'Make a backup key, back the vault up to it, and split the key into one share per holder')
            [CompletionResult]::new('combine', 'combine', [CompletionResultType]::ParameterValue, 'Rebuild a backup key from K shares (refuses mixed, too few or damaged shares)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;share;split' {
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'How many shares rebuild the key (K)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The holders, one share each (comma-separated locations or people, N of them)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The backup file to write')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Where the backup file will be kept [default: this device]')
            [CompletionResult]::new('--share-dir', '--share-dir', [CompletionResultType]::ParameterName, 'The folder to write the share files to (it must exist)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--pdf', '--pdf', [CompletionResultType]::ParameterName, 'Also write each share as a printable PDF page')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;share;combine' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the rebuilt identity to this file (mode 0600) instead of standard output')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;share;help' {
            [CompletionResult]::new('split', 'split', [CompletionResultType]::ParameterValue, 'Make a backup key, back the vault up to it, and split the key into one share per holder')
            [CompletionResult]::new('combine', 'combine', [CompletionResultType]::ParameterValue, 'Rebuild a backup key from K shares (refuses mixed, too few or damaged shares)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;share;help;split' {
            break
        }
        'mfa-kit;share;help;combine' {
            break
        }
        'mfa-kit;share;help;help' {
            break
        }
        'mfa-kit;drill' {
            [CompletionResult]::new('--lose', '--lose', [CompletionResultType]::ParameterName, 'The locations (or sites) lost together (comma-separated, repeatable)')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'A backup file to open (repeatable) [default: every recorded backup file present here whose place is not lost]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity or SSH private key that survives the loss (repeatable)')
            [CompletionResult]::new('--backup-identity', '--backup-identity', [CompletionResultType]::ParameterName, 'An identity or SSH private key that survives the loss (repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: {"ok","lost","accounts":[{"name","recovered","by"}]}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;restore' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An age identity file or SSH private key that opens the backup (repeatable)')
            [CompletionResult]::new('--backup-identity', '--backup-identity', [CompletionResultType]::ParameterName, 'An age identity file or SSH private key that opens the backup (repeatable)')
            [CompletionResult]::new('--ssh-dir', '--ssh-dir', [CompletionResultType]::ParameterName, 'Also write the stored SSH private keys (0600) and their .pub into this folder, never over a file, and record them there on this device')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Replace accounts that differ from the backup''s (default: report and keep them)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Change nothing: exit 0 if the backup holds every account as the vault has it now, 1 if not')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'When no vault exists yet: lock the new one with a passphrase [default: --identity, created if missing]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;unlock' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Lock again after this long unused: 90s, 15m, 2h (at most 8h) [default: 15m]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;lock' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;rekey' {
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Also change the passphrase, to the first line of this file')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: <data dir>/mfa-kit/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An age identity file that unlocks the vault (repeatable)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the vault''s passphrase')
            [CompletionResult]::new('--backup-passphrase-file', '--backup-passphrase-file', [CompletionResultType]::ParameterName, 'A file whose first line is the passphrase of a backup, when it is not the vault''s')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'The name of the device this vault lives on [default: the config''s, else the host name]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: <config dir>/mfa-kit/config.toml]')
            [CompletionResult]::new('--new-passphrase', '--new-passphrase', [CompletionResultType]::ParameterName, 'Also change the passphrase (asked twice on the terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mfa-kit;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create an empty vault, locked by an identity file or a passphrase')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an account''s TOTP from a URI, a secret or a QR screenshot')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the accounts, one a line')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an account and everything kept for it (asks first on a terminal)')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename an account (its backups still count for it)')
            [CompletionResult]::new('code', 'code', [CompletionResultType]::ParameterValue, 'Print the current TOTP code of one account, or of all')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a TOTP code: exit 0 if valid now, 1 if not (a code is accepted once)')
            [CompletionResult]::new('qr', 'qr', [CompletionResultType]::ParameterValue, 'Show an account''s enrollment QR code, to move it to a new authenticator')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add accounts from another authenticator''s export')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every account for another authenticator: otpauth URIs or Aegis JSON')
            [CompletionResult]::new('codes', 'codes', [CompletionResultType]::ParameterValue, 'Store, list and use an account''s recovery codes')
            [CompletionResult]::new('ssh', 'ssh', [CompletionResultType]::ParameterValue, 'Register and check the SSH keys a service accepts for recovery')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Declare other recovery paths: a security key, SMS, email, an admin, a trusted person')
            [CompletionResult]::new('location', 'location', [CompletionResultType]::ParameterValue, 'Devices and places: list them, retire one gone for good, rename one, group them in sites')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write an age-encrypted copy of the whole vault that stock age opens')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check, account by account, that no single loss locks you out (exit 1 if one fails)')
            [CompletionResult]::new('services', 'services', [CompletionResultType]::ParameterValue, 'The recovery routes common services accept, with their recovery command or page')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'A guided run on a throw-away vault: the locked-out story, from init to a passing audit')
            [CompletionResult]::new('kit', 'kit', [CompletionResultType]::ParameterValue, 'A printable recovery kit: the recovery sheet, the vault in QR codes, the paper key')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'Split a backup''s key among trusted people (any K of N rebuild it), or combine shares')
            [CompletionResult]::new('drill', 'drill', [CompletionResultType]::ParameterValue, 'Prove recovery: restore in memory from only what survives a loss, account by account')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Merge a backup into the vault (creating the vault on a new machine), or --check it')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock a passphrase vault once: an agent holds its key, and commands need no passphrase')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Lock the vault again: the agent holding its key forgets it and exits')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Give a passphrase vault a new key (and, if asked, a new passphrase)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfa-kit;help;init' {
            break
        }
        'mfa-kit;help;add' {
            break
        }
        'mfa-kit;help;list' {
            break
        }
        'mfa-kit;help;remove' {
            break
        }
        'mfa-kit;help;rename' {
            break
        }
        'mfa-kit;help;code' {
            break
        }
        'mfa-kit;help;verify' {
            break
        }
        'mfa-kit;help;qr' {
            break
        }
        'mfa-kit;help;import' {
            break
        }
        'mfa-kit;help;export' {
            break
        }
        'mfa-kit;help;codes' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store recovery codes read from standard input (they replace any stored before)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'How many codes are left; --show prints them')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Mark a code used; without CODE, print the next unused one and mark it used')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget an account''s recovery codes')
            break
        }
        'mfa-kit;help;codes;add' {
            break
        }
        'mfa-kit;help;codes;list' {
            break
        }
        'mfa-kit;help;codes;use' {
            break
        }
        'mfa-kit;help;codes;remove' {
            break
        }
        'mfa-kit;help;ssh' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register the SSH key a service accepts for recovery (public or private key file)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check every registered key on this device: exit 1 if one is missing or changed; --live proves each is still accepted by its service')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a registered key')
            break
        }
        'mfa-kit;help;ssh;add' {
            break
        }
        'mfa-kit;help;ssh;check' {
            break
        }
        'mfa-kit;help;ssh;remove' {
            break
        }
        'mfa-kit;help;path' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Declare a recovery path and where it lives')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget declared recovery paths of a kind (at one location with --at); `authenticator` also forgets the copies recorded by `add --at` and `import --at`')
            break
        }
        'mfa-kit;help;path;add' {
            break
        }
        'mfa-kit;help;path;remove' {
            break
        }
        'mfa-kit;help;location' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every location and site the vault names, with how many recovery paths need each')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'A device or place is gone for good: forget what was kept there, and say what it cost')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a location or a site everywhere it is named')
            [CompletionResult]::new('site', 'site', [CompletionResultType]::ParameterValue, 'Put a location in a site, a place one event takes out whole (a fire at home)')
            break
        }
        'mfa-kit;help;location;list' {
            break
        }
        'mfa-kit;help;location;retire' {
            break
        }
        'mfa-kit;help;location;rename' {
            break
        }
        'mfa-kit;help;location;site' {
            break
        }
        'mfa-kit;help;backup' {
            break
        }
        'mfa-kit;help;audit' {
            break
        }
        'mfa-kit;help;services' {
            break
        }
        'mfa-kit;help;completions' {
            break
        }
        'mfa-kit;help;demo' {
            break
        }
        'mfa-kit;help;kit' {
            break
        }
        'mfa-kit;help;share' {
            [CompletionResult]::new('split', 'split', [CompletionResultType]::ParameterValue, 'Make a backup key, back the vault up to it, and split the key into one share per holder')
            [CompletionResult]::new('combine', 'combine', [CompletionResultType]::ParameterValue, 'Rebuild a backup key from K shares (refuses mixed, too few or damaged shares)')
            break
        }
        'mfa-kit;help;share;split' {
            break
        }
        'mfa-kit;help;share;combine' {
            break
        }
        'mfa-kit;help;drill' {
            break
        }
        'mfa-kit;help;restore' {
            break
        }
        'mfa-kit;help;unlock' {
            break
        }
        'mfa-kit;help;lock' {
            break
        }
        'mfa-kit;help;rekey' {
            break
        }
        'mfa-kit;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

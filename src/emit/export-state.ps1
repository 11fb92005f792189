# cordon: export of a computer's (or a GPO's) IPsec state, for `cordon drift`.
# It reads and changes nothing else: only Get- cmdlets run. Run it as an administrator on
# each Windows computer (-PolicyStore ActiveStore, the default, is the policy in force:
# every GPO and local rule merged), or against one GPO (-PolicyStore DOMAIN\cordon-NAME).
# Name the file after the computer as the topology names it: DIR\<host>.json, then run
#   cordon drift site.toml --state DIR
# Schema cordon.windows-state/1 (docs/drift.md). Windows PowerShell 5.1 writes enumerations
# as numbers (ConvertTo-Json has no -EnumsAsStrings before PowerShell 6), so every value is
# written as the text PowerShell shows for it.
[CmdletBinding()]
param(
    [string] $PolicyStore = 'ActiveStore',
    [Parameter(Mandatory = $true)]
    [string] $OutFile
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# An object's properties as text: a list stays a list of texts.
$Record = {
    param($Object)
    $Out = [ordered]@{}
    foreach ($Property in $Object.PSObject.Properties) {
        $Value = $Property.Value
        if ($null -eq $Value) {
            $Out[$Property.Name] = $null
        } elseif ($Value -is [System.Array]) {
            $Out[$Property.Name] = @(foreach ($Item in $Value) { [string]$Item })
        } else {
            $Out[$Property.Name] = [string]$Value
        }
    }
    $Out
}

$Rules = @(foreach ($Rule in @(Get-NetIPsecRule -PolicyStore $PolicyStore)) {
    [ordered]@{
        rule = (& $Record $Rule)
        address_filter = (& $Record (Get-NetFirewallAddressFilter -AssociatedNetIPsecRule $Rule -PolicyStore $PolicyStore))
        port_filter = (& $Record (Get-NetFirewallPortFilter -AssociatedNetIPsecRule $Rule -PolicyStore $PolicyStore))
    }
})
$AuthSets = @(foreach ($Set in @(Get-NetIPsecPhase1AuthSet -PolicyStore $PolicyStore)) {
    [ordered]@{ set = (& $Record $Set); proposals = @(foreach ($P in @($Set.Proposal)) { & $Record $P }) }
})
$MainModeSets = @(foreach ($Set in @(Get-NetIPsecMainModeCryptoSet -PolicyStore $PolicyStore)) {
    [ordered]@{ set = (& $Record $Set); proposals = @(foreach ($P in @($Set.Proposal)) { & $Record $P }) }
})
$QuickModeSets = @(foreach ($Set in @(Get-NetIPsecQuickModeCryptoSet -PolicyStore $PolicyStore)) {
    [ordered]@{ set = (& $Record $Set); proposals = @(foreach ($P in @($Set.Proposal)) { & $Record $P }) }
})
$Export = [ordered]@{
    schema = 'cordon.windows-state/1'
    computer = $env:COMPUTERNAME
    policy_store = $PolicyStore
    ipsec_rules = $Rules
    phase1_auth_sets = $AuthSets
    main_mode_crypto_sets = $MainModeSets
    quick_mode_crypto_sets = $QuickModeSets
    firewall_setting = (& $Record (Get-NetFirewallSetting -PolicyStore $PolicyStore))
}
$Json = ConvertTo-Json -InputObject $Export -Depth 8
# UTF-8 without a byte-order mark, whatever the console's code page.
[System.IO.File]::WriteAllText($OutFile, $Json, [System.Text.UTF8Encoding]::new($false))

# cordon: IPsec policy of DC01 as the Group Policy object cordon-DC01
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 3 plan rules. Run with -PolicyStore DOMAIN\cordon-DC01; -WhatIf lists every change and makes none.
# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group 'cordon-DC01' are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon-DC01'
# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetFirewallRule of group cordon-DC01')) { Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }
# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO.
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO (its group only).
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecRule of group cordon-DC01')) { Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeRule of group cordon-DC01')) { Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecQuickModeCryptoSet of group cordon-DC01')) { Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeCryptoSet of group cordon-DC01')) { Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecPhase1AuthSet of group cordon-DC01')) { Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }

# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action.
# rule 1: permit-out-of-band-in-udp-53 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r01-permit-out-of-band-in-udp-53-p1')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r01-permit-out-of-band-in-udp-53-p1' -DisplayName 'cordon DC01: permit-out-of-band-in-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.64.0/20') -Protocol UDP -LocalPort @('53') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r01-permit-out-of-band-in-udp-53-p2')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r01-permit-out-of-band-in-udp-53-p2' -DisplayName 'cordon DC01: permit-out-of-band-in-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('192.168.50.128/25') -Protocol UDP -LocalPort @('53') | Out-Null }
# rule 2: permit-domain-controllers (155 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r02-permit-domain-controllers')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r02-permit-domain-controllers' -DisplayName 'cordon DC01: permit-domain-controllers' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') | Out-Null }
# rule 3: permit-icmp (0 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r03-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r03-permit-icmp-v4' -DisplayName 'cordon DC01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-DC01-fw03-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-DC01-fw03-permit-icmp-v4' -DisplayName 'cordon DC01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.0.5') -Protocol ICMPv4 -IcmpType 8 | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }

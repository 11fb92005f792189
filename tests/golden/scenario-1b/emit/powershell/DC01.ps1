# cordon: IPsec policy of DC01 as the Group Policy object cordon-DC01
# hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
# 6 plan rules. Run with -PolicyStore DOMAIN\cordon-DC01; -WhatIf lists every change and makes none.
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
# rule 1: permit-domain-controller-in-tcp-53_88_135_389_445_464_5000-5100 (55 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r01-permit-domain-controller-in-tcp-53_88_135_389_445_464_5000-5100-p1')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r01-permit-domain-controller-in-tcp-53_88_135_389_445_464_5000-5100-p1' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-53_88_135_389_445_464_5000-5100' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('172.16.10.10/31', '172.16.10.12/31') -Protocol TCP -LocalPort @('53', '88', '135', '389', '445', '464', '5000-5100') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r01-permit-domain-controller-in-tcp-53_88_135_389_445_464_5000-5100-p2')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r01-permit-domain-controller-in-tcp-53_88_135_389_445_464_5000-5100-p2' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-53_88_135_389_445_464_5000-5100' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('10.10.1.10', '10.10.1.20', '172.16.10.20', 'fd00:10::10', 'fd00:172:10::10') -Protocol TCP -LocalPort @('53', '88', '135', '389', '445', '464', '5000-5100') | Out-Null }
# rule 2: permit-domain-controller-in-tcp-636_3269 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r02-permit-domain-controller-in-tcp-636_3269')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r02-permit-domain-controller-in-tcp-636_3269' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-636_3269' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('10.10.1.10', 'fd00:10::10') -Protocol TCP -LocalPort @('636', '3269') | Out-Null }
# rule 3: permit-domain-controller-in-tcp-3268 (3 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r03-permit-domain-controller-in-tcp-3268')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r03-permit-domain-controller-in-tcp-3268' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-3268' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('10.10.1.10', '172.16.10.10', 'fd00:10::10', 'fd00:172:10::10') -Protocol TCP -LocalPort @('3268') | Out-Null }
# rule 4: permit-domain-controller-in-udp-53_88_123_389_464 (37 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r04-permit-domain-controller-in-udp-53_88_123_389_464-p1')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r04-permit-domain-controller-in-udp-53_88_123_389_464-p1' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-53_88_123_389_464' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('172.16.10.10/31', '172.16.10.12/31') -Protocol UDP -LocalPort @('53', '88', '123', '389', '464') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r04-permit-domain-controller-in-udp-53_88_123_389_464-p2')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r04-permit-domain-controller-in-udp-53_88_123_389_464-p2' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-53_88_123_389_464' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('10.10.1.10', '10.10.1.20', '172.16.10.20', 'fd00:10::10', 'fd00:172:10::10') -Protocol UDP -LocalPort @('53', '88', '123', '389', '464') | Out-Null }
# rule 5: permit-domain-controller-in-udp-135_636 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r05-permit-domain-controller-in-udp-135_636')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r05-permit-domain-controller-in-udp-135_636' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-135_636' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('10.10.1.10', 'fd00:10::10') -Protocol UDP -LocalPort @('135', '636') | Out-Null }
# rule 6: permit-icmp (0 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-DC01-r06-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r06-permit-icmp-v4' -DisplayName 'cordon DC01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-DC01-fw06-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-DC01-fw06-permit-icmp-v4' -DisplayName 'cordon DC01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.10.1.5') -Protocol ICMPv4 -IcmpType 8 | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }

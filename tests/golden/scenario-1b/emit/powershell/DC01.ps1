# cordon: IPsec policy of DC01 as a Group Policy object
# hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
# 7 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
# Re-running converges: objects of group 'cordon' in this GPO are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon'
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO.
Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue
Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue
Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue
Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue
Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue
Remove-NetFirewallRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue

# IPsec rules, first match first.
# rule 1: permit-domain-controller-in-tcp-53_88 (14 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r01-permit-domain-controller-in-tcp-53_88' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('10.10.1.10', '10.10.1.20', '172.16.10.10/31', '172.16.10.12/31', '172.16.10.20', 'fd00:10::10', 'fd00:172:10::10') -Protocol TCP -LocalPort @('53', '88') | Out-Null
# rule 2: permit-domain-controller-in-tcp-135_389_1025-5000_49152-65535 (9 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r02-permit-domain-controller-in-tcp-135_389_1025-5000_49152-65535' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-135_389_1025-5000_49152-65535' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('10.10.1.10', '172.16.10.10', 'fd00:10::10', 'fd00:172:10::10') -Protocol TCP -LocalPort @('135', '389', '1025-5000', '49152-65535') | Out-Null
# rule 3: permit-domain-controller-in-tcp-636_3269 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r03-permit-domain-controller-in-tcp-636_3269' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-636_3269' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('10.10.1.10', 'fd00:10::10') -Protocol TCP -LocalPort @('636', '3269') | Out-Null
# rule 4: permit-domain-controller-in-udp-53_88 (14 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r04-permit-domain-controller-in-udp-53_88' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('10.10.1.10', '10.10.1.20', '172.16.10.10/31', '172.16.10.12/31', '172.16.10.20', 'fd00:10::10', 'fd00:172:10::10') -Protocol UDP -LocalPort @('53', '88') | Out-Null
# rule 5: permit-domain-controller-in-udp-135_636 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r05-permit-domain-controller-in-udp-135_636' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-135_636' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('10.10.1.10', 'fd00:10::10') -Protocol UDP -LocalPort @('135', '636') | Out-Null
# rule 6: permit-domain-controller-in-udp-389 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r06-permit-domain-controller-in-udp-389' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-389' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -RemoteAddress @('10.10.1.10', '172.16.10.10', 'fd00:10::10', 'fd00:172:10::10') -Protocol UDP -LocalPort @('389') | Out-Null
# rule 7: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r07-permit-icmp-v4' -DisplayName 'cordon DC01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.5') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-DC01-fw07-permit-icmp-v4' -DisplayName 'cordon DC01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.10.1.5') -Protocol ICMPv4 | Out-Null

Save-NetGPO -GPOSession $Gpo

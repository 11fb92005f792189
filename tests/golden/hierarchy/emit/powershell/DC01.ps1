# cordon: IPsec policy of DC01 as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 12 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
# rule 1: permit-out-of-band-in-udp-53 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r01-permit-out-of-band-in-udp-53' -DisplayName 'cordon DC01: permit-out-of-band-in-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.64.0/20', '192.168.50.128/25') -Protocol UDP -LocalPort @('53') | Out-Null
# rule 2: permit-domain-controller-in-tcp-53 (15 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r02-permit-domain-controller-in-tcp-53' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10/31', '10.20.0.12', '10.20.1.10/31', '10.20.1.12', '10.20.5.50', '10.20.64.0/20', '10.30.0.5', '10.30.0.10', '10.30.0.21', '10.30.128.0/18', '172.20.0.21', '192.168.50.10', '192.168.50.128/25', 'fd00:20::10') -Protocol TCP -LocalPort @('53') | Out-Null
# rule 3: permit-domain-controller-in-tcp-88 (9 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r03-permit-domain-controller-in-tcp-88' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10/31', '10.20.0.12', '10.20.1.10/31', '10.20.1.12', '10.20.5.50', '10.20.64.0/20', '172.20.0.21', 'fd00:20::10') -Protocol TCP -LocalPort @('88') | Out-Null
# rule 4: permit-domain-controller-in-tcp-135_5000-5100 (16 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r04-permit-domain-controller-in-tcp-135_5000-5100' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-135_5000-5100' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10/31', '10.30.0.10', '192.168.50.10', 'fd00:20::10') -Protocol TCP -LocalPort @('135', '5000-5100') | Out-Null
# rule 5: permit-domain-controller-in-tcp-389 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r05-permit-domain-controller-in-tcp-389' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-389' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10/31', 'fd00:20::10') -Protocol TCP -LocalPort @('389') | Out-Null
# rule 6: permit-domain-controller-in-tcp-636_3269 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r06-permit-domain-controller-in-tcp-636_3269' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-636_3269' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10', 'fd00:20::10') -Protocol TCP -LocalPort @('636', '3269') | Out-Null
# rule 7: permit-domain-controller-in-tcp-3268 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r07-permit-domain-controller-in-tcp-3268' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-3268' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10/31', '10.20.64.0/20', 'fd00:20::10') -Protocol TCP -LocalPort @('3268') | Out-Null
# rule 8: permit-domain-controller-in-udp-53 (15 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r08-permit-domain-controller-in-udp-53' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10/31', '10.20.0.12', '10.20.1.10/31', '10.20.1.12', '10.20.5.50', '10.20.64.0/20', '10.30.0.5', '10.30.0.10', '10.30.0.21', '10.30.128.0/18', '172.20.0.21', '192.168.50.10', '192.168.50.128/25', 'fd00:20::10') -Protocol UDP -LocalPort @('53') | Out-Null
# rule 9: permit-domain-controller-in-udp-88 (9 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r09-permit-domain-controller-in-udp-88' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10/31', '10.20.0.12', '10.20.1.10/31', '10.20.1.12', '10.20.5.50', '10.20.64.0/20', '172.20.0.21', 'fd00:20::10') -Protocol UDP -LocalPort @('88') | Out-Null
# rule 10: permit-domain-controller-in-udp-135_636 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r10-permit-domain-controller-in-udp-135_636' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-135_636' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10', 'fd00:20::10') -Protocol UDP -LocalPort @('135', '636') | Out-Null
# rule 11: permit-domain-controller-in-udp-389 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r11-permit-domain-controller-in-udp-389' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-389' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10/31', 'fd00:20::10') -Protocol UDP -LocalPort @('389') | Out-Null
# rule 12: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r12-permit-icmp-v4' -DisplayName 'cordon DC01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-DC01-fw12-permit-icmp-v4' -DisplayName 'cordon DC01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.0.5') -Protocol ICMPv4 | Out-Null

Save-NetGPO -GPOSession $Gpo

# cordon: IPsec policy of DC01 as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 14 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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

# Phase 1 authentication, in order of preference.
$AuthProposals = @(
    (New-NetIPsecAuthProposal -Machine -Cert -Authority 'CN=Contoso ConfigMgr IPsec CA, O=Contoso' -AuthorityType Root)
    (New-NetIPsecAuthProposal -Machine -Kerberos)
)
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-DC01-auth' -DisplayName 'cordon DC01: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-DC01-mm' -DisplayName 'cordon DC01: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-DC01-mm-rule' -DisplayName 'cordon DC01: main mode' -MainModeCryptoSet 'cordon-DC01-mm' -Phase1AuthSet 'cordon-DC01-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-DC01-qm' -DisplayName 'cordon DC01: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-out-of-band-in-udp-53 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r01-permit-out-of-band-in-udp-53' -DisplayName 'cordon DC01: permit-out-of-band-in-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.64.0/20', '192.168.50.128/25') -Protocol UDP -LocalPort @('53') | Out-Null
# rule 2: permit-domain-controller-in-tcp-88 (9 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r02-permit-domain-controller-in-tcp-88' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10/31', '10.20.0.12', '10.20.1.10/31', '10.20.1.12', '10.20.5.50', '10.20.64.0/20', '172.20.0.21', 'fd00:20::10') -Protocol TCP -LocalPort @('88') | Out-Null
# rule 3: permit-domain-controller-in-tcp-135_5000-5100 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r03-permit-domain-controller-in-tcp-135_5000-5100' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-135_5000-5100' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.1.11') -Protocol TCP -LocalPort @('135', '5000-5100') | Out-Null
# rule 4: permit-domain-controller-in-tcp-389 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r04-permit-domain-controller-in-tcp-389' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-389' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10/31', 'fd00:20::10') -Protocol TCP -LocalPort @('389') | Out-Null
# rule 5: permit-domain-controller-in-tcp-636_3269 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r05-permit-domain-controller-in-tcp-636_3269' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-636_3269' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10', 'fd00:20::10') -Protocol TCP -LocalPort @('636', '3269') | Out-Null
# rule 6: permit-domain-controller-in-tcp-3268 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r06-permit-domain-controller-in-tcp-3268' -DisplayName 'cordon DC01: permit-domain-controller-in-tcp-3268' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10/31', '10.20.64.0/20', 'fd00:20::10') -Protocol TCP -LocalPort @('3268') | Out-Null
# rule 7: permit-domain-controller-in-udp-88 (9 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r07-permit-domain-controller-in-udp-88' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10/31', '10.20.0.12', '10.20.1.10/31', '10.20.1.12', '10.20.5.50', '10.20.64.0/20', '172.20.0.21', 'fd00:20::10') -Protocol UDP -LocalPort @('88') | Out-Null
# rule 8: permit-domain-controller-in-udp-135_636 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r08-permit-domain-controller-in-udp-135_636' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-135_636' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10', 'fd00:20::10') -Protocol UDP -LocalPort @('135', '636') | Out-Null
# rule 9: permit-domain-controller-in-udp-389 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r09-permit-domain-controller-in-udp-389' -DisplayName 'cordon DC01: permit-domain-controller-in-udp-389' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10/31', 'fd00:20::10') -Protocol UDP -LocalPort @('389') | Out-Null
# rule 10: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r10-permit-icmp-v4' -DisplayName 'cordon DC01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.5') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-DC01-fw10-permit-icmp-v4' -DisplayName 'cordon DC01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.0.5') -Protocol ICMPv4 | Out-Null
# rule 11: require-in-tcp-53 (14 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r11-require-in-tcp-53' -DisplayName 'cordon DC01: require-in-tcp-53' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-DC01-auth' -QuickModeCryptoSet 'cordon-DC01-qm' -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10/31', '10.20.0.12', '10.20.1.10/31', '10.20.1.12', '10.20.5.50', '10.20.64.0/20', '10.30.0.5', '10.30.0.10', '10.30.0.21', '10.30.128.0/18', '192.168.50.10', '192.168.50.128/25', 'fd00:20::10') -Protocol TCP -LocalPort @('53') | Out-Null
# rule 12: require-in-tcp-135_5000-5100 (14 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r12-require-in-tcp-135_5000-5100' -DisplayName 'cordon DC01: require-in-tcp-135_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-DC01-auth' -QuickModeCryptoSet 'cordon-DC01-qm' -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10', '10.20.1.10', '10.30.0.10', '192.168.50.10', 'fd00:20::10') -Protocol TCP -LocalPort @('135', '5000-5100') | Out-Null
# rule 13: require-in-udp-53 (14 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r13-require-in-udp-53' -DisplayName 'cordon DC01: require-in-udp-53' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-DC01-auth' -QuickModeCryptoSet 'cordon-DC01-qm' -LocalAddress @('10.20.0.5') -RemoteAddress @('10.20.0.10/31', '10.20.0.12', '10.20.1.10/31', '10.20.1.12', '10.20.5.50', '10.20.64.0/20', '10.30.0.5', '10.30.0.10', '10.30.0.21', '10.30.128.0/18', '192.168.50.10', '192.168.50.128/25', 'fd00:20::10') -Protocol UDP -LocalPort @('53') | Out-Null
# rule 14: require-subnet-peers (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-DC01-r14-require-subnet-peers' -DisplayName 'cordon DC01: require-subnet-peers' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-DC01-auth' -QuickModeCryptoSet 'cordon-DC01-qm' -LocalAddress @('10.20.0.5') -RemoteAddress @('172.20.0.0/24') | Out-Null

Save-NetGPO -GPOSession $Gpo

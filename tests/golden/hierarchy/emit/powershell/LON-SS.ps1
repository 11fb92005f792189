# cordon: IPsec policy of LON-SS as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 15 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SS-auth' -DisplayName 'cordon LON-SS: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SS-mm' -DisplayName 'cordon LON-SS: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SS-mm-rule' -DisplayName 'cordon LON-SS: main mode' -MainModeCryptoSet 'cordon-LON-SS-mm' -Phase1AuthSet 'cordon-LON-SS-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SS-qm' -DisplayName 'cordon LON-SS: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-catalog-out-udp-9 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r01-permit-catalog-out-udp-9' -DisplayName 'cordon LON-SS: permit-catalog-out-udp-9' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.10') -RemoteAddress @('10.30.128.0/18') -Protocol UDP -RemotePort @('9') | Out-Null
# rule 2: permit-domain-controller-out-tcp-53_135_5000-5100 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r02-permit-domain-controller-out-tcp-53_135_5000-5100' -DisplayName 'cordon LON-SS: permit-domain-controller-out-tcp-53_135_5000-5100' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.10') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53', '135', '5000-5100') | Out-Null
# rule 3: permit-domain-controller-out-tcp-88_389_636_3268-3269 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r03-permit-domain-controller-out-tcp-88_389_636_3268-3269' -DisplayName 'cordon LON-SS: permit-domain-controller-out-tcp-88_389_636_3268-3269' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.10') -RemoteAddress @('10.30.0.5') -Protocol TCP -RemotePort @('88', '389', '636', '3268-3269') | Out-Null
# rule 4: permit-domain-controller-out-udp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r04-permit-domain-controller-out-udp-53' -DisplayName 'cordon LON-SS: permit-domain-controller-out-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.10') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53') | Out-Null
# rule 5: permit-domain-controller-out-udp-88_389_636 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r05-permit-domain-controller-out-udp-88_389_636' -DisplayName 'cordon LON-SS: permit-domain-controller-out-udp-88_389_636' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.10') -RemoteAddress @('10.30.0.5') -Protocol UDP -RemotePort @('88', '389', '636') | Out-Null
# rule 6: permit-icmp (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r06-permit-icmp-v4' -DisplayName 'cordon LON-SS: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.10') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SS-fw06-permit-icmp-v4' -DisplayName 'cordon LON-SS: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.30.0.10') -Protocol ICMPv4 | Out-Null
# rule 7: require-out-tcp-80_443 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r07-require-out-tcp-80_443' -DisplayName 'cordon LON-SS: require-out-tcp-80_443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SS-auth' -QuickModeCryptoSet 'cordon-LON-SS-qm' -LocalAddress @('10.30.0.10') -RemoteAddress @('10.30.0.21') -Protocol TCP -RemotePort @('80', '443') | Out-Null
# rule 8: require-out-tcp-135_5000-5100 (14 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r08-require-out-tcp-135_5000-5100' -DisplayName 'cordon LON-SS: require-out-tcp-135_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SS-auth' -QuickModeCryptoSet 'cordon-LON-SS-qm' -LocalAddress @('10.30.0.10') -RemoteAddress @('10.30.0.5', '10.30.0.21', '10.30.128.0/18', '192.168.50.10') -Protocol TCP -RemotePort @('135', '5000-5100') | Out-Null
# rule 9: require-out-tcp-445 (7 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r09-require-out-tcp-445' -DisplayName 'cordon LON-SS: require-out-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SS-auth' -QuickModeCryptoSet 'cordon-LON-SS-qm' -LocalAddress @('10.30.0.10') -RemoteAddress @('10.20.0.10', '10.30.0.5', '10.30.0.21', '10.30.128.0/18', '192.168.50.10', 'fd00:20::10') -Protocol TCP -RemotePort @('445') | Out-Null
# rule 10: require-out-tcp-1723 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r10-require-out-tcp-1723' -DisplayName 'cordon LON-SS: require-out-tcp-1723' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SS-auth' -QuickModeCryptoSet 'cordon-LON-SS-qm' -LocalAddress @('10.30.0.10') -RemoteAddress @('10.20.0.10', '192.168.50.10', 'fd00:20::10') -Protocol TCP -RemotePort @('1723') | Out-Null
# rule 11: require-in-tcp-135_5000-5100 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r11-require-in-tcp-135_5000-5100' -DisplayName 'cordon LON-SS: require-in-tcp-135_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SS-auth' -QuickModeCryptoSet 'cordon-LON-SS-qm' -LocalAddress @('10.30.0.10') -RemoteAddress @('10.30.0.5') -Protocol TCP -LocalPort @('135', '5000-5100') | Out-Null
# rule 12: require-in-tcp-445 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r12-require-in-tcp-445' -DisplayName 'cordon LON-SS: require-in-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SS-auth' -QuickModeCryptoSet 'cordon-LON-SS-qm' -LocalAddress @('10.30.0.10') -RemoteAddress @('10.20.0.10', '10.30.0.5', '10.30.0.21', '10.30.128.0/18', '192.168.50.10', 'fd00:20::10') -Protocol TCP -LocalPort @('445') | Out-Null
# rule 13: require-in-tcp-1433 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r13-require-in-tcp-1433' -DisplayName 'cordon LON-SS: require-in-tcp-1433' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SS-auth' -QuickModeCryptoSet 'cordon-LON-SS-qm' -LocalAddress @('10.30.0.10') -RemoteAddress @('10.30.0.5', '192.168.50.10') -Protocol TCP -LocalPort @('1433') | Out-Null
# rule 14: require-in-tcp-1723 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r14-require-in-tcp-1723' -DisplayName 'cordon LON-SS: require-in-tcp-1723' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SS-auth' -QuickModeCryptoSet 'cordon-LON-SS-qm' -LocalAddress @('10.30.0.10') -RemoteAddress @('10.20.0.10', '192.168.50.10', 'fd00:20::10') -Protocol TCP -LocalPort @('1723') | Out-Null
# rule 15: require-out-udp-135 (7 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SS-r15-require-out-udp-135' -DisplayName 'cordon LON-SS: require-out-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SS-auth' -QuickModeCryptoSet 'cordon-LON-SS-qm' -LocalAddress @('10.30.0.10') -RemoteAddress @('10.30.0.5', '10.30.0.21', '10.30.128.0/18', '192.168.50.10') -Protocol UDP -RemotePort @('135') | Out-Null

Save-NetGPO -GPOSession $Gpo

# cordon: IPsec policy of NYC-SS as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 19 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-SS-auth' -DisplayName 'cordon NYC-SS: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-SS-mm' -DisplayName 'cordon NYC-SS: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-SS-mm-rule' -DisplayName 'cordon NYC-SS: main mode' -MainModeCryptoSet 'cordon-NYC-SS-mm' -Phase1AuthSet 'cordon-NYC-SS-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-SS-qm' -DisplayName 'cordon NYC-SS: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-out-of-band-out-tcp-16992-16993 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r01-permit-out-of-band-out-tcp-16992-16993' -DisplayName 'cordon NYC-SS: permit-out-of-band-out-tcp-16992-16993' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.64.0/20', '192.168.50.128/25') -Protocol TCP -RemotePort @('16992-16993') | Out-Null
# rule 2: permit-out-of-band-in-tcp-9971 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r02-permit-out-of-band-in-tcp-9971' -DisplayName 'cordon NYC-SS: permit-out-of-band-in-tcp-9971' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.64.0/20', '192.168.50.128/25') -Protocol TCP -LocalPort @('9971') | Out-Null
# rule 3: permit-catalog-out-udp-9 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r03-permit-catalog-out-udp-9' -DisplayName 'cordon NYC-SS: permit-catalog-out-udp-9' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.64.0/20') -Protocol UDP -RemotePort @('9') | Out-Null
# rule 4: permit-domain-controller-out-tcp-53_88_135_389_636_3268-3269_5000-5100 (13 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r04-permit-domain-controller-out-tcp-53_88_135_389_636_3268-3269_5000-5100' -DisplayName 'cordon NYC-SS: permit-domain-controller-out-tcp-53_88_135_389_636_3268-3269_5000-5100' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53', '88', '135', '389', '636', '3268-3269', '5000-5100') | Out-Null
# rule 5: permit-domain-controller-out-udp-53_88_135_389_636 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r05-permit-domain-controller-out-udp-53_88_135_389_636' -DisplayName 'cordon NYC-SS: permit-domain-controller-out-udp-53_88_135_389_636' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53', '88', '135', '389', '636') | Out-Null
# rule 6: permit-client-agent-out-tcp-80 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r06-permit-client-agent-out-tcp-80' -DisplayName 'cordon NYC-SS: permit-client-agent-out-tcp-80' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.0.12', '10.20.1.11') -Protocol TCP -RemotePort @('80') | Out-Null
# rule 7: permit-client-agent-out-tcp-443 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r07-permit-client-agent-out-tcp-443' -DisplayName 'cordon NYC-SS: permit-client-agent-out-tcp-443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.1.11', '10.20.1.12') -Protocol TCP -RemotePort @('443') | Out-Null
# rule 8: permit-icmp (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r08-permit-icmp-v4' -DisplayName 'cordon NYC-SS: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.1.10') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-SS-fw08-permit-icmp-v4' -DisplayName 'cordon NYC-SS: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.1.10') -Protocol ICMPv4 | Out-Null
# rule 9: require-out-tcp-135_5000-5100 (12 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r09-require-out-tcp-135_5000-5100' -DisplayName 'cordon NYC-SS: require-out-tcp-135_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SS-auth' -QuickModeCryptoSet 'cordon-NYC-SS-qm' -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.1.11', '10.20.1.12', '10.20.64.0/20') -Protocol TCP -RemotePort @('135', '5000-5100') | Out-Null
# rule 10: require-out-tcp-445 (9 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r10-require-out-tcp-445' -DisplayName 'cordon NYC-SS: require-out-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SS-auth' -QuickModeCryptoSet 'cordon-NYC-SS-qm' -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.0.10', '10.20.1.11', '10.20.1.12', '10.20.64.0/20', 'fd00:20::10') -Protocol TCP -RemotePort @('445') | Out-Null
# rule 11: require-out-tcp-1723 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r11-require-out-tcp-1723' -DisplayName 'cordon NYC-SS: require-out-tcp-1723' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SS-auth' -QuickModeCryptoSet 'cordon-NYC-SS-qm' -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -RemotePort @('1723') | Out-Null
# rule 12: require-in-tcp-135 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r12-require-in-tcp-135' -DisplayName 'cordon NYC-SS: require-in-tcp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SS-auth' -QuickModeCryptoSet 'cordon-NYC-SS-qm' -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.1.11', '10.20.5.50') -Protocol TCP -LocalPort @('135') | Out-Null
# rule 13: require-in-tcp-445 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r13-require-in-tcp-445' -DisplayName 'cordon NYC-SS: require-in-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SS-auth' -QuickModeCryptoSet 'cordon-NYC-SS-qm' -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.0.10', '10.20.1.11', '10.20.1.12', '10.20.64.0/20', 'fd00:20::10') -Protocol TCP -LocalPort @('445') | Out-Null
# rule 14: require-in-tcp-1433 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r14-require-in-tcp-1433' -DisplayName 'cordon NYC-SS: require-in-tcp-1433' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SS-auth' -QuickModeCryptoSet 'cordon-NYC-SS-qm' -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.1.11', '10.20.1.12') -Protocol TCP -LocalPort @('1433') | Out-Null
# rule 15: require-in-tcp-1723 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r15-require-in-tcp-1723' -DisplayName 'cordon NYC-SS: require-in-tcp-1723' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SS-auth' -QuickModeCryptoSet 'cordon-NYC-SS-qm' -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -LocalPort @('1723') | Out-Null
# rule 16: require-in-tcp-2701-2702_3389 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r16-require-in-tcp-2701-2702_3389' -DisplayName 'cordon NYC-SS: require-in-tcp-2701-2702_3389' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SS-auth' -QuickModeCryptoSet 'cordon-NYC-SS-qm' -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.5.50') -Protocol TCP -LocalPort @('2701-2702', '3389') | Out-Null
# rule 17: require-in-tcp-5000-5100 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r17-require-in-tcp-5000-5100' -DisplayName 'cordon NYC-SS: require-in-tcp-5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SS-auth' -QuickModeCryptoSet 'cordon-NYC-SS-qm' -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.1.11') -Protocol TCP -LocalPort @('5000-5100') | Out-Null
# rule 18: require-out-udp-135 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r18-require-out-udp-135' -DisplayName 'cordon NYC-SS: require-out-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SS-auth' -QuickModeCryptoSet 'cordon-NYC-SS-qm' -LocalAddress @('10.20.1.10') -RemoteAddress @('10.20.1.11', '10.20.1.12', '10.20.64.0/20') -Protocol UDP -RemotePort @('135') | Out-Null
# rule 19: require-subnet-peers (9 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SS-r19-require-subnet-peers' -DisplayName 'cordon NYC-SS: require-subnet-peers' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SS-auth' -QuickModeCryptoSet 'cordon-NYC-SS-qm' -LocalAddress @('10.20.1.10') -RemoteAddress @('172.20.0.0/24') | Out-Null

Save-NetGPO -GPOSession $Gpo

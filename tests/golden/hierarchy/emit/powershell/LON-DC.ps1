# cordon: IPsec policy of LON-DC as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 21 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-DC-auth' -DisplayName 'cordon LON-DC: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-DC-mm' -DisplayName 'cordon LON-DC: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-DC-mm-rule' -DisplayName 'cordon LON-DC: main mode' -MainModeCryptoSet 'cordon-LON-DC-mm' -Phase1AuthSet 'cordon-LON-DC-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-DC-qm' -DisplayName 'cordon LON-DC: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-catalog-in-udp-63000-64000 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r01-permit-catalog-in-udp-63000-64000' -DisplayName 'cordon LON-DC: permit-catalog-in-udp-63000-64000' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.128.0/18', '192.168.50.128/25') -Protocol UDP -LocalPort @('63000-64000') | Out-Null
# rule 2: permit-domain-controller-out-tcp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r02-permit-domain-controller-out-tcp-53' -DisplayName 'cordon LON-DC: permit-domain-controller-out-tcp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53') | Out-Null
# rule 3: permit-domain-controller-in-tcp-88 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r03-permit-domain-controller-in-tcp-88' -DisplayName 'cordon LON-DC: permit-domain-controller-in-tcp-88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.0.10', '10.30.0.21', '10.30.128.0/18', '172.20.0.21', '192.168.50.10', '192.168.50.128/25') -Protocol TCP -LocalPort @('88') | Out-Null
# rule 4: permit-domain-controller-in-tcp-135_5000-5100 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r04-permit-domain-controller-in-tcp-135_5000-5100' -DisplayName 'cordon LON-DC: permit-domain-controller-in-tcp-135_5000-5100' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('192.168.50.10') -Protocol TCP -LocalPort @('135', '5000-5100') | Out-Null
# rule 5: permit-domain-controller-in-tcp-389_636_3269 (7 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r05-permit-domain-controller-in-tcp-389_636_3269' -DisplayName 'cordon LON-DC: permit-domain-controller-in-tcp-389_636_3269' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.0.10', '192.168.50.10') -Protocol TCP -LocalPort @('389', '636', '3269') | Out-Null
# rule 6: permit-domain-controller-in-tcp-3268 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r06-permit-domain-controller-in-tcp-3268' -DisplayName 'cordon LON-DC: permit-domain-controller-in-tcp-3268' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.0.10', '10.30.128.0/18', '192.168.50.10', '192.168.50.128/25') -Protocol TCP -LocalPort @('3268') | Out-Null
# rule 7: permit-domain-controller-out-udp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r07-permit-domain-controller-out-udp-53' -DisplayName 'cordon LON-DC: permit-domain-controller-out-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53') | Out-Null
# rule 8: permit-domain-controller-in-udp-88 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r08-permit-domain-controller-in-udp-88' -DisplayName 'cordon LON-DC: permit-domain-controller-in-udp-88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.0.10', '10.30.0.21', '10.30.128.0/18', '172.20.0.21', '192.168.50.10', '192.168.50.128/25') -Protocol UDP -LocalPort @('88') | Out-Null
# rule 9: permit-domain-controller-in-udp-135 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r09-permit-domain-controller-in-udp-135' -DisplayName 'cordon LON-DC: permit-domain-controller-in-udp-135' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('192.168.50.10') -Protocol UDP -LocalPort @('135') | Out-Null
# rule 10: permit-domain-controller-in-udp-389_636 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r10-permit-domain-controller-in-udp-389_636' -DisplayName 'cordon LON-DC: permit-domain-controller-in-udp-389_636' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.0.10', '192.168.50.10') -Protocol UDP -LocalPort @('389', '636') | Out-Null
# rule 11: permit-client-agent-out-tcp-80 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r11-permit-client-agent-out-tcp-80' -DisplayName 'cordon LON-DC: permit-client-agent-out-tcp-80' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('10.20.0.12', '10.30.0.21') -Protocol TCP -RemotePort @('80') | Out-Null
# rule 12: permit-client-agent-out-tcp-443 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r12-permit-client-agent-out-tcp-443' -DisplayName 'cordon LON-DC: permit-client-agent-out-tcp-443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.0.21') -Protocol TCP -RemotePort @('443') | Out-Null
# rule 13: permit-icmp (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r13-permit-icmp-v4' -DisplayName 'cordon LON-DC: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.5') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-DC-fw13-permit-icmp-v4' -DisplayName 'cordon LON-DC: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.30.0.5') -Protocol ICMPv4 | Out-Null
# rule 14: require-out-tcp-135_445_5000-5100 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r14-require-out-tcp-135_445_5000-5100' -DisplayName 'cordon LON-DC: require-out-tcp-135_445_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-DC-auth' -QuickModeCryptoSet 'cordon-LON-DC-qm' -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.0.10') -Protocol TCP -RemotePort @('135', '445', '5000-5100') | Out-Null
# rule 15: require-out-tcp-1433 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r15-require-out-tcp-1433' -DisplayName 'cordon LON-DC: require-out-tcp-1433' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-DC-auth' -QuickModeCryptoSet 'cordon-LON-DC-qm' -LocalAddress @('10.30.0.5') -RemoteAddress @('10.20.0.11', '10.30.0.10') -Protocol TCP -RemotePort @('1433') | Out-Null
# rule 16: require-in-tcp-80 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r16-require-in-tcp-80' -DisplayName 'cordon LON-DC: require-in-tcp-80' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-DC-auth' -QuickModeCryptoSet 'cordon-LON-DC-qm' -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.128.0/18', '192.168.50.128/25') -Protocol TCP -LocalPort @('80') | Out-Null
# rule 17: require-in-tcp-135 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r17-require-in-tcp-135' -DisplayName 'cordon LON-DC: require-in-tcp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-DC-auth' -QuickModeCryptoSet 'cordon-LON-DC-qm' -LocalAddress @('10.30.0.5') -RemoteAddress @('10.20.5.50', '10.30.0.10') -Protocol TCP -LocalPort @('135') | Out-Null
# rule 18: require-in-tcp-445 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r18-require-in-tcp-445' -DisplayName 'cordon LON-DC: require-in-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-DC-auth' -QuickModeCryptoSet 'cordon-LON-DC-qm' -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.0.10', '10.30.128.0/18', '192.168.50.128/25') -Protocol TCP -LocalPort @('445') | Out-Null
# rule 19: require-in-tcp-2701-2702_3389 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r19-require-in-tcp-2701-2702_3389' -DisplayName 'cordon LON-DC: require-in-tcp-2701-2702_3389' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-DC-auth' -QuickModeCryptoSet 'cordon-LON-DC-qm' -LocalAddress @('10.30.0.5') -RemoteAddress @('10.20.5.50') -Protocol TCP -LocalPort @('2701-2702', '3389') | Out-Null
# rule 20: require-in-tcp-5000-5100 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r20-require-in-tcp-5000-5100' -DisplayName 'cordon LON-DC: require-in-tcp-5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-DC-auth' -QuickModeCryptoSet 'cordon-LON-DC-qm' -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.0.10') -Protocol TCP -LocalPort @('5000-5100') | Out-Null
# rule 21: require-in-udp-135 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-DC-r21-require-in-udp-135' -DisplayName 'cordon LON-DC: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-DC-auth' -QuickModeCryptoSet 'cordon-LON-DC-qm' -LocalAddress @('10.30.0.5') -RemoteAddress @('10.30.0.10') -Protocol UDP -LocalPort @('135') | Out-Null

Save-NetGPO -GPOSession $Gpo

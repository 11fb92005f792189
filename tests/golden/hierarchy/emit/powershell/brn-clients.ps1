# cordon: IPsec policy of brn-clients as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 20 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-brn-clients-auth' -DisplayName 'cordon brn-clients: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-brn-clients-mm' -DisplayName 'cordon brn-clients: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-brn-clients-mm-rule' -DisplayName 'cordon brn-clients: main mode' -MainModeCryptoSet 'cordon-brn-clients-mm' -Phase1AuthSet 'cordon-brn-clients-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-brn-clients-qm' -DisplayName 'cordon brn-clients: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-out-of-band-out-tcp-9971 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r01-permit-out-of-band-out-tcp-9971' -DisplayName 'cordon brn-clients: permit-out-of-band-out-tcp-9971' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.20.1.10') -Protocol TCP -RemotePort @('9971') | Out-Null
# rule 2: permit-out-of-band-in-tcp-16992-16993 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r02-permit-out-of-band-in-tcp-16992-16993' -DisplayName 'cordon brn-clients: permit-out-of-band-in-tcp-16992-16993' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.20.1.10', '10.20.5.50') -Protocol TCP -LocalPort @('16992-16993') | Out-Null
# rule 3: permit-out-of-band-in-tcp-16994-16995 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r03-permit-out-of-band-in-tcp-16994-16995' -DisplayName 'cordon brn-clients: permit-out-of-band-in-tcp-16994-16995' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.20.5.50') -Protocol TCP -LocalPort @('16994-16995') | Out-Null
# rule 4: permit-out-of-band-out-udp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r04-permit-out-of-band-out-udp-53' -DisplayName 'cordon brn-clients: permit-out-of-band-out-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53') | Out-Null
# rule 5: permit-catalog-out-udp-67_69_4011 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r05-permit-catalog-out-udp-67_69_4011' -DisplayName 'cordon brn-clients: permit-catalog-out-udp-67_69_4011' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.20.1.12') -Protocol UDP -RemotePort @('67', '69', '4011') | Out-Null
# rule 6: permit-catalog-out-udp-63000-64000 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r06-permit-catalog-out-udp-63000-64000' -DisplayName 'cordon brn-clients: permit-catalog-out-udp-63000-64000' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.30.0.5', '192.168.50.10') -Protocol UDP -RemotePort @('63000-64000') | Out-Null
# rule 7: permit-catalog-in-udp-1-65535 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r07-permit-catalog-in-udp-1-65535' -DisplayName 'cordon brn-clients: permit-catalog-in-udp-1-65535' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.20.1.12') -Protocol UDP -LocalPort @('1-65535') | Out-Null
# rule 8: permit-catalog-in-udp-9 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r08-permit-catalog-in-udp-9' -DisplayName 'cordon brn-clients: permit-catalog-in-udp-9' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('192.168.50.10') -Protocol UDP -LocalPort @('9') | Out-Null
# rule 9: permit-domain-controller-out-tcp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r09-permit-domain-controller-out-tcp-53' -DisplayName 'cordon brn-clients: permit-domain-controller-out-tcp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53') | Out-Null
# rule 10: permit-domain-controller-out-tcp-88_3268 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r10-permit-domain-controller-out-tcp-88_3268' -DisplayName 'cordon brn-clients: permit-domain-controller-out-tcp-88_3268' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.30.0.5') -Protocol TCP -RemotePort @('88', '3268') | Out-Null
# rule 11: permit-domain-controller-out-udp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r11-permit-domain-controller-out-udp-53' -DisplayName 'cordon brn-clients: permit-domain-controller-out-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53') | Out-Null
# rule 12: permit-domain-controller-out-udp-88 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r12-permit-domain-controller-out-udp-88' -DisplayName 'cordon brn-clients: permit-domain-controller-out-udp-88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.30.0.5') -Protocol UDP -RemotePort @('88') | Out-Null
# rule 13: permit-icmp (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r13-permit-icmp-v4' -DisplayName 'cordon brn-clients: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.128/25') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-brn-clients-fw13-permit-icmp-v4' -DisplayName 'cordon brn-clients: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('192.168.50.128/25') -Protocol ICMPv4 | Out-Null
# rule 14: require-out-tcp-80 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r14-require-out-tcp-80' -DisplayName 'cordon brn-clients: require-out-tcp-80' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-brn-clients-auth' -QuickModeCryptoSet 'cordon-brn-clients-qm' -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.20.0.12', '10.30.0.5', '192.168.50.10') -Protocol TCP -RemotePort @('80') | Out-Null
# rule 15: require-out-tcp-443 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r15-require-out-tcp-443' -DisplayName 'cordon brn-clients: require-out-tcp-443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-brn-clients-auth' -QuickModeCryptoSet 'cordon-brn-clients-qm' -LocalAddress @('192.168.50.128/25') -RemoteAddress @('192.168.50.10') -Protocol TCP -RemotePort @('443') | Out-Null
# rule 16: require-out-tcp-445 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r16-require-out-tcp-445' -DisplayName 'cordon brn-clients: require-out-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-brn-clients-auth' -QuickModeCryptoSet 'cordon-brn-clients-qm' -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.30.0.5', '192.168.50.10') -Protocol TCP -RemotePort @('445') | Out-Null
# rule 17: require-in-tcp-135 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r17-require-in-tcp-135' -DisplayName 'cordon brn-clients: require-in-tcp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-brn-clients-auth' -QuickModeCryptoSet 'cordon-brn-clients-qm' -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.20.5.50', '192.168.50.10') -Protocol TCP -LocalPort @('135') | Out-Null
# rule 18: require-in-tcp-445_5000-5100 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r18-require-in-tcp-445_5000-5100' -DisplayName 'cordon brn-clients: require-in-tcp-445_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-brn-clients-auth' -QuickModeCryptoSet 'cordon-brn-clients-qm' -LocalAddress @('192.168.50.128/25') -RemoteAddress @('192.168.50.10') -Protocol TCP -LocalPort @('445', '5000-5100') | Out-Null
# rule 19: require-in-tcp-2701-2702_3389 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r19-require-in-tcp-2701-2702_3389' -DisplayName 'cordon brn-clients: require-in-tcp-2701-2702_3389' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-brn-clients-auth' -QuickModeCryptoSet 'cordon-brn-clients-qm' -LocalAddress @('192.168.50.128/25') -RemoteAddress @('10.20.5.50') -Protocol TCP -LocalPort @('2701-2702', '3389') | Out-Null
# rule 20: require-in-udp-135 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-brn-clients-r20-require-in-udp-135' -DisplayName 'cordon brn-clients: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-brn-clients-auth' -QuickModeCryptoSet 'cordon-brn-clients-qm' -LocalAddress @('192.168.50.128/25') -RemoteAddress @('192.168.50.10') -Protocol UDP -LocalPort @('135') | Out-Null

Save-NetGPO -GPOSession $Gpo

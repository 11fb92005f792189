# cordon: IPsec policy of BRN-SS as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 17 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-BRN-SS-auth' -DisplayName 'cordon BRN-SS: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-BRN-SS-mm' -DisplayName 'cordon BRN-SS: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-BRN-SS-mm-rule' -DisplayName 'cordon BRN-SS: main mode' -MainModeCryptoSet 'cordon-BRN-SS-mm' -Phase1AuthSet 'cordon-BRN-SS-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-BRN-SS-qm' -DisplayName 'cordon BRN-SS: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-catalog-out-udp-9 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r01-permit-catalog-out-udp-9' -DisplayName 'cordon BRN-SS: permit-catalog-out-udp-9' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.10') -RemoteAddress @('192.168.50.128/25') -Protocol UDP -RemotePort @('9') | Out-Null
# rule 2: permit-catalog-in-udp-63000-64000 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r02-permit-catalog-in-udp-63000-64000' -DisplayName 'cordon BRN-SS: permit-catalog-in-udp-63000-64000' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.10') -RemoteAddress @('192.168.50.128/25') -Protocol UDP -LocalPort @('63000-64000') | Out-Null
# rule 3: permit-external-out-tcp-80_443 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r03-permit-external-out-tcp-80_443' -DisplayName 'cordon BRN-SS: permit-external-out-tcp-80_443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.10') -RemoteAddress @('203.0.113.80') -Protocol TCP -RemotePort @('80', '443') | Out-Null
# rule 4: permit-domain-controller-out-tcp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r04-permit-domain-controller-out-tcp-53' -DisplayName 'cordon BRN-SS: permit-domain-controller-out-tcp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.10') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53') | Out-Null
# rule 5: permit-domain-controller-out-tcp-88_389_636_3268-3269 (7 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r05-permit-domain-controller-out-tcp-88_389_636_3268-3269' -DisplayName 'cordon BRN-SS: permit-domain-controller-out-tcp-88_389_636_3268-3269' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.10') -RemoteAddress @('10.30.0.5') -Protocol TCP -RemotePort @('88', '389', '636', '3268-3269') | Out-Null
# rule 6: permit-domain-controller-out-tcp-135_5000-5100 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r06-permit-domain-controller-out-tcp-135_5000-5100' -DisplayName 'cordon BRN-SS: permit-domain-controller-out-tcp-135_5000-5100' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.10') -RemoteAddress @('10.20.0.5', '10.30.0.5') -Protocol TCP -RemotePort @('135', '5000-5100') | Out-Null
# rule 7: permit-domain-controller-out-udp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r07-permit-domain-controller-out-udp-53' -DisplayName 'cordon BRN-SS: permit-domain-controller-out-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.10') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53') | Out-Null
# rule 8: permit-domain-controller-out-udp-88_135_389_636 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r08-permit-domain-controller-out-udp-88_135_389_636' -DisplayName 'cordon BRN-SS: permit-domain-controller-out-udp-88_135_389_636' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.10') -RemoteAddress @('10.30.0.5') -Protocol UDP -RemotePort @('88', '135', '389', '636') | Out-Null
# rule 9: permit-icmp (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r09-permit-icmp-v4' -DisplayName 'cordon BRN-SS: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('192.168.50.10') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-BRN-SS-fw09-permit-icmp-v4' -DisplayName 'cordon BRN-SS: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('192.168.50.10') -Protocol ICMPv4 | Out-Null
# rule 10: require-out-tcp-135_5000-5100 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r10-require-out-tcp-135_5000-5100' -DisplayName 'cordon BRN-SS: require-out-tcp-135_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-BRN-SS-auth' -QuickModeCryptoSet 'cordon-BRN-SS-qm' -LocalAddress @('192.168.50.10') -RemoteAddress @('192.168.50.128/25') -Protocol TCP -RemotePort @('135', '5000-5100') | Out-Null
# rule 11: require-out-tcp-445 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r11-require-out-tcp-445' -DisplayName 'cordon BRN-SS: require-out-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-BRN-SS-auth' -QuickModeCryptoSet 'cordon-BRN-SS-qm' -LocalAddress @('192.168.50.10') -RemoteAddress @('10.30.0.10', '192.168.50.128/25') -Protocol TCP -RemotePort @('445') | Out-Null
# rule 12: require-out-tcp-1433_1723 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r12-require-out-tcp-1433_1723' -DisplayName 'cordon BRN-SS: require-out-tcp-1433_1723' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-BRN-SS-auth' -QuickModeCryptoSet 'cordon-BRN-SS-qm' -LocalAddress @('192.168.50.10') -RemoteAddress @('10.30.0.10') -Protocol TCP -RemotePort @('1433', '1723') | Out-Null
# rule 13: require-in-tcp-80_443 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r13-require-in-tcp-80_443' -DisplayName 'cordon BRN-SS: require-in-tcp-80_443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-BRN-SS-auth' -QuickModeCryptoSet 'cordon-BRN-SS-qm' -LocalAddress @('192.168.50.10') -RemoteAddress @('192.168.50.128/25') -Protocol TCP -LocalPort @('80', '443') | Out-Null
# rule 14: require-in-tcp-135_1723_5000-5100 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r14-require-in-tcp-135_1723_5000-5100' -DisplayName 'cordon BRN-SS: require-in-tcp-135_1723_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-BRN-SS-auth' -QuickModeCryptoSet 'cordon-BRN-SS-qm' -LocalAddress @('192.168.50.10') -RemoteAddress @('10.30.0.10') -Protocol TCP -LocalPort @('135', '1723', '5000-5100') | Out-Null
# rule 15: require-in-tcp-445 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r15-require-in-tcp-445' -DisplayName 'cordon BRN-SS: require-in-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-BRN-SS-auth' -QuickModeCryptoSet 'cordon-BRN-SS-qm' -LocalAddress @('192.168.50.10') -RemoteAddress @('10.30.0.10', '192.168.50.128/25') -Protocol TCP -LocalPort @('445') | Out-Null
# rule 16: require-out-udp-135 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r16-require-out-udp-135' -DisplayName 'cordon BRN-SS: require-out-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-BRN-SS-auth' -QuickModeCryptoSet 'cordon-BRN-SS-qm' -LocalAddress @('192.168.50.10') -RemoteAddress @('192.168.50.128/25') -Protocol UDP -RemotePort @('135') | Out-Null
# rule 17: require-in-udp-135 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-BRN-SS-r17-require-in-udp-135' -DisplayName 'cordon BRN-SS: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-BRN-SS-auth' -QuickModeCryptoSet 'cordon-BRN-SS-qm' -LocalAddress @('192.168.50.10') -RemoteAddress @('10.30.0.10') -Protocol UDP -LocalPort @('135') | Out-Null

Save-NetGPO -GPOSession $Gpo

# cordon: IPsec policy of CEN-SS as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 13 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SS-auth' -DisplayName 'cordon CEN-SS: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SS-mm' -DisplayName 'cordon CEN-SS: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SS-mm-rule' -DisplayName 'cordon CEN-SS: main mode' -MainModeCryptoSet 'cordon-CEN-SS-mm' -Phase1AuthSet 'cordon-CEN-SS-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SS-qm' -DisplayName 'cordon CEN-SS: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-external-out-tcp-443 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r01-permit-external-out-tcp-443' -DisplayName 'cordon CEN-SS: permit-external-out-tcp-443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('203.0.113.80') -Protocol TCP -RemotePort @('443') | Out-Null
# rule 2: permit-domain-controller-out-tcp-53_88_135_389_636_3268-3269_5000-5100 (10 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r02-permit-domain-controller-out-tcp-53_88_135_389_636_3268-3269_5000-5100' -DisplayName 'cordon CEN-SS: permit-domain-controller-out-tcp-53_88_135_389_636_3268-3269_5000-5100' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53', '88', '135', '389', '636', '3268-3269', '5000-5100') | Out-Null
# rule 3: permit-domain-controller-out-udp-53_88_135_389_636 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r03-permit-domain-controller-out-udp-53_88_135_389_636' -DisplayName 'cordon CEN-SS: permit-domain-controller-out-udp-53_88_135_389_636' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53', '88', '135', '389', '636') | Out-Null
# rule 4: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r04-permit-icmp-v4' -DisplayName 'cordon CEN-SS: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.10') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SS-fw04-permit-icmp-v4' -DisplayName 'cordon CEN-SS: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.0.10') -Protocol ICMPv4 | Out-Null
# rule 4: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r04-permit-icmp-v6' -DisplayName 'cordon CEN-SS: permit-icmp-v6' -InboundSecurity None -OutboundSecurity None -LocalAddress @('fd00:20::10') -Protocol ICMPv6 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SS-fw04-permit-icmp-v6' -DisplayName 'cordon CEN-SS: allow permit-icmp-v6' -Direction Inbound -Action Allow -LocalAddress @('fd00:20::10') -Protocol ICMPv6 | Out-Null
# rule 5: require-out-tcp-135_5000-5100 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r05-require-out-tcp-135_5000-5100' -DisplayName 'cordon CEN-SS: require-out-tcp-135_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SS-auth' -QuickModeCryptoSet 'cordon-CEN-SS-qm' -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('10.20.0.11', '10.20.0.12') -Protocol TCP -RemotePort @('135', '5000-5100') | Out-Null
# rule 6: require-out-tcp-445 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r06-require-out-tcp-445' -DisplayName 'cordon CEN-SS: require-out-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SS-auth' -QuickModeCryptoSet 'cordon-CEN-SS-qm' -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('10.20.0.11', '10.20.0.12', '10.20.1.10', '10.30.0.10') -Protocol TCP -RemotePort @('445') | Out-Null
# rule 7: require-out-tcp-1433 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r07-require-out-tcp-1433' -DisplayName 'cordon CEN-SS: require-out-tcp-1433' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SS-auth' -QuickModeCryptoSet 'cordon-CEN-SS-qm' -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('10.20.0.11') -Protocol TCP -RemotePort @('1433') | Out-Null
# rule 8: require-out-tcp-1723 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r08-require-out-tcp-1723' -DisplayName 'cordon CEN-SS: require-out-tcp-1723' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SS-auth' -QuickModeCryptoSet 'cordon-CEN-SS-qm' -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('10.20.1.10', '10.30.0.10') -Protocol TCP -RemotePort @('1723') | Out-Null
# rule 9: require-in-tcp-135_5000-5100 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r09-require-in-tcp-135_5000-5100' -DisplayName 'cordon CEN-SS: require-in-tcp-135_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SS-auth' -QuickModeCryptoSet 'cordon-CEN-SS-qm' -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('10.20.5.50') -Protocol TCP -LocalPort @('135', '5000-5100') | Out-Null
# rule 10: require-in-tcp-445 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r10-require-in-tcp-445' -DisplayName 'cordon CEN-SS: require-in-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SS-auth' -QuickModeCryptoSet 'cordon-CEN-SS-qm' -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('10.20.0.12', '10.20.1.10', '10.30.0.10') -Protocol TCP -LocalPort @('445') | Out-Null
# rule 11: require-in-tcp-1723 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r11-require-in-tcp-1723' -DisplayName 'cordon CEN-SS: require-in-tcp-1723' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SS-auth' -QuickModeCryptoSet 'cordon-CEN-SS-qm' -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('10.20.1.10', '10.30.0.10') -Protocol TCP -LocalPort @('1723') | Out-Null
# rule 12: require-out-udp-135 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r12-require-out-udp-135' -DisplayName 'cordon CEN-SS: require-out-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SS-auth' -QuickModeCryptoSet 'cordon-CEN-SS-qm' -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('10.20.0.11', '10.20.0.12') -Protocol UDP -RemotePort @('135') | Out-Null
# rule 13: require-in-udp-135 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SS-r13-require-in-udp-135' -DisplayName 'cordon CEN-SS: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SS-auth' -QuickModeCryptoSet 'cordon-CEN-SS-qm' -LocalAddress @('10.20.0.10', 'fd00:20::10') -RemoteAddress @('10.20.5.50') -Protocol UDP -LocalPort @('135') | Out-Null

Save-NetGPO -GPOSession $Gpo

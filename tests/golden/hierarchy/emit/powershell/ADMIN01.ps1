# cordon: IPsec policy of ADMIN01 as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 10 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-ADMIN01-auth' -DisplayName 'cordon ADMIN01: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-ADMIN01-mm' -DisplayName 'cordon ADMIN01: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-ADMIN01-mm-rule' -DisplayName 'cordon ADMIN01: main mode' -MainModeCryptoSet 'cordon-ADMIN01-mm' -Phase1AuthSet 'cordon-ADMIN01-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-ADMIN01-qm' -DisplayName 'cordon ADMIN01: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-out-of-band-out-tcp-16992-16995 (8 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r01-permit-out-of-band-out-tcp-16992-16995' -DisplayName 'cordon ADMIN01: permit-out-of-band-out-tcp-16992-16995' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.64.0/20', '192.168.50.128/25') -Protocol TCP -RemotePort @('16992-16995') | Out-Null
# rule 2: permit-external-out-tcp-80 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r02-permit-external-out-tcp-80' -DisplayName 'cordon ADMIN01: permit-external-out-tcp-80' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.5.50') -RemoteAddress @('203.0.113.80') -Protocol TCP -RemotePort @('80') | Out-Null
# rule 3: permit-domain-controller-out-tcp-53_88 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r03-permit-domain-controller-out-tcp-53_88' -DisplayName 'cordon ADMIN01: permit-domain-controller-out-tcp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53', '88') | Out-Null
# rule 4: permit-domain-controller-out-udp-53_88 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r04-permit-domain-controller-out-udp-53_88' -DisplayName 'cordon ADMIN01: permit-domain-controller-out-udp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53', '88') | Out-Null
# rule 5: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r05-permit-icmp-v4' -DisplayName 'cordon ADMIN01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.5.50') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-ADMIN01-fw05-permit-icmp-v4' -DisplayName 'cordon ADMIN01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.5.50') -Protocol ICMPv4 | Out-Null
# rule 6: require-out-tcp-80_443 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r06-require-out-tcp-80_443' -DisplayName 'cordon ADMIN01: require-out-tcp-80_443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.0.11') -Protocol TCP -RemotePort @('80', '443') | Out-Null
# rule 7: require-out-tcp-135 (7 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r07-require-out-tcp-135' -DisplayName 'cordon ADMIN01: require-out-tcp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.0.10', '10.20.1.10', '10.20.64.0/20', '10.30.0.5', '10.30.128.0/18', '192.168.50.128/25', 'fd00:20::10') -Protocol TCP -RemotePort @('135') | Out-Null
# rule 8: require-out-tcp-2701-2702_3389 (15 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r08-require-out-tcp-2701-2702_3389' -DisplayName 'cordon ADMIN01: require-out-tcp-2701-2702_3389' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.1.10', '10.20.64.0/20', '10.30.0.5', '10.30.128.0/18', '192.168.50.128/25') -Protocol TCP -RemotePort @('2701-2702', '3389') | Out-Null
# rule 9: require-out-tcp-5000-5100 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r09-require-out-tcp-5000-5100' -DisplayName 'cordon ADMIN01: require-out-tcp-5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -RemotePort @('5000-5100') | Out-Null
# rule 10: require-out-udp-135 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r10-require-out-udp-135' -DisplayName 'cordon ADMIN01: require-out-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol UDP -RemotePort @('135') | Out-Null

Save-NetGPO -GPOSession $Gpo

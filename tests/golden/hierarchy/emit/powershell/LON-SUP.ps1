# cordon: IPsec policy of LON-SUP as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 11 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-auth' -DisplayName 'cordon LON-SUP: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-mm' -DisplayName 'cordon LON-SUP: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-mm-rule' -DisplayName 'cordon LON-SUP: main mode' -MainModeCryptoSet 'cordon-LON-SUP-mm' -Phase1AuthSet 'cordon-LON-SUP-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-qm' -DisplayName 'cordon LON-SUP: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-external-out-tcp-80_443 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r01-permit-external-out-tcp-80_443' -DisplayName 'cordon LON-SUP: permit-external-out-tcp-80_443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('203.0.113.80') -Protocol TCP -RemotePort @('80', '443') | Out-Null
# rule 2: permit-domain-controller-out-tcp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r02-permit-domain-controller-out-tcp-53' -DisplayName 'cordon LON-SUP: permit-domain-controller-out-tcp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53') | Out-Null
# rule 3: permit-domain-controller-out-tcp-88 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r03-permit-domain-controller-out-tcp-88' -DisplayName 'cordon LON-SUP: permit-domain-controller-out-tcp-88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.5') -Protocol TCP -RemotePort @('88') | Out-Null
# rule 4: permit-domain-controller-out-udp-53 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r04-permit-domain-controller-out-udp-53' -DisplayName 'cordon LON-SUP: permit-domain-controller-out-udp-53' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53') | Out-Null
# rule 5: permit-domain-controller-out-udp-88 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r05-permit-domain-controller-out-udp-88' -DisplayName 'cordon LON-SUP: permit-domain-controller-out-udp-88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.5') -Protocol UDP -RemotePort @('88') | Out-Null
# rule 6: permit-client-agent-in-tcp-80_443 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r06-permit-client-agent-in-tcp-80_443' -DisplayName 'cordon LON-SUP: permit-client-agent-in-tcp-80_443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.5') -Protocol TCP -LocalPort @('80', '443') | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-fw06-permit-client-agent-in-tcp-80_443' -DisplayName 'cordon LON-SUP: allow permit-client-agent-in-tcp-80_443' -Direction Inbound -Action Allow -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.5') -Protocol TCP -LocalPort @('80', '443') | Out-Null
# rule 7: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r07-permit-icmp-v4' -DisplayName 'cordon LON-SUP: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.30.0.21') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-LON-SUP-fw07-permit-icmp-v4' -DisplayName 'cordon LON-SUP: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.30.0.21') -Protocol ICMPv4 | Out-Null
# rule 8: require-out-tcp-445 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r08-require-out-tcp-445' -DisplayName 'cordon LON-SUP: require-out-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SUP-auth' -QuickModeCryptoSet 'cordon-LON-SUP-qm' -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.10') -Protocol TCP -RemotePort @('445') | Out-Null
# rule 9: require-in-tcp-80_443 (4 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r09-require-in-tcp-80_443' -DisplayName 'cordon LON-SUP: require-in-tcp-80_443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SUP-auth' -QuickModeCryptoSet 'cordon-LON-SUP-qm' -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.10', '10.30.128.0/18') -Protocol TCP -LocalPort @('80', '443') | Out-Null
# rule 10: require-in-tcp-135_445_5000-5100 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r10-require-in-tcp-135_445_5000-5100' -DisplayName 'cordon LON-SUP: require-in-tcp-135_445_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SUP-auth' -QuickModeCryptoSet 'cordon-LON-SUP-qm' -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.10') -Protocol TCP -LocalPort @('135', '445', '5000-5100') | Out-Null
# rule 11: require-in-udp-135 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-LON-SUP-r11-require-in-udp-135' -DisplayName 'cordon LON-SUP: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-LON-SUP-auth' -QuickModeCryptoSet 'cordon-LON-SUP-qm' -LocalAddress @('10.30.0.21') -RemoteAddress @('10.30.0.10') -Protocol UDP -LocalPort @('135') | Out-Null

Save-NetGPO -GPOSession $Gpo

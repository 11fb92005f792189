# cordon: IPsec policy of CM01 as a Group Policy object
# hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
# 6 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
    (New-NetIPsecAuthProposal -Machine -Cert -Authority 'CN=Configuration Manager IPsec CA, O=Example Corp' -AuthorityType Root)
)
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-auth' -DisplayName 'cordon CM01: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-mm' -DisplayName 'cordon CM01: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-mm-rule' -DisplayName 'cordon CM01: main mode' -MainModeCryptoSet 'cordon-CM01-mm' -Phase1AuthSet 'cordon-CM01-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-qm' -DisplayName 'cordon CM01: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-domain-controller-out-tcp-53_88_135_389_636_1025-5000_49152-65535 (9 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r01-permit-domain-controller-out-tcp-53_88_135_389_636_1025-5000_49152-65535' -DisplayName 'cordon CM01: permit-domain-controller-out-tcp-53_88_135_389_636_1025-5000_49152-65535' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.10', 'fd00:10::10') -RemoteAddress @('10.10.1.5') -Protocol TCP -RemotePort @('53', '88', '135', '389', '636', '1025-5000', '49152-65535') | Out-Null
# rule 2: permit-domain-controller-out-udp-53_88_135_389_636 (5 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r02-permit-domain-controller-out-udp-53_88_135_389_636' -DisplayName 'cordon CM01: permit-domain-controller-out-udp-53_88_135_389_636' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.10', 'fd00:10::10') -RemoteAddress @('10.10.1.5') -Protocol UDP -RemotePort @('53', '88', '135', '389', '636') | Out-Null
# rule 3: permit-client-agent-out-tcp-80 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r03-permit-client-agent-out-tcp-80' -DisplayName 'cordon CM01: permit-client-agent-out-tcp-80' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.10', 'fd00:10::10') -RemoteAddress @('172.16.10.13') -Protocol TCP -RemotePort @('80') | Out-Null
# rule 4: permit-client-agent-out-tcp-443 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r04-permit-client-agent-out-tcp-443' -DisplayName 'cordon CM01: permit-client-agent-out-tcp-443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.10', 'fd00:10::10') -RemoteAddress @('172.16.10.10/31', 'fd00:172:10::10') -Protocol TCP -RemotePort @('443') | Out-Null
# rule 5: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r05-permit-icmp-v4' -DisplayName 'cordon CM01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.10') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-fw05-permit-icmp-v4' -DisplayName 'cordon CM01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.10.1.10') -Protocol ICMPv4 | Out-Null
# rule 5: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r05-permit-icmp-v6' -DisplayName 'cordon CM01: permit-icmp-v6' -InboundSecurity None -OutboundSecurity None -LocalAddress @('fd00:10::10') -Protocol ICMPv6 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-fw05-permit-icmp-v6' -DisplayName 'cordon CM01: allow permit-icmp-v6' -Direction Inbound -Action Allow -LocalAddress @('fd00:10::10') -Protocol ICMPv6 | Out-Null
# rule 6: require-any-to-subnet (32 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r06-require-any-to-subnet' -DisplayName 'cordon CM01: require-any-to-subnet' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CM01-auth' -QuickModeCryptoSet 'cordon-CM01-qm' -LocalAddress @('10.10.0.0/16', 'fd00:10::/48') | Out-Null

Save-NetGPO -GPOSession $Gpo

# cordon: IPsec policy of IBDP01 as a Group Policy object
# hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
# 5 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-IBDP01-auth' -DisplayName 'cordon IBDP01: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-IBDP01-mm' -DisplayName 'cordon IBDP01: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-IBDP01-mm-rule' -DisplayName 'cordon IBDP01: main mode' -MainModeCryptoSet 'cordon-IBDP01-mm' -Phase1AuthSet 'cordon-IBDP01-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-IBDP01-qm' -DisplayName 'cordon IBDP01: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-domain-controller-out-tcp-53_88 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBDP01-r01-permit-domain-controller-out-tcp-53_88' -DisplayName 'cordon IBDP01: permit-domain-controller-out-tcp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.11') -RemoteAddress @('10.10.1.5') -Protocol TCP -RemotePort @('53', '88') | Out-Null
# rule 2: permit-domain-controller-out-udp-53_88 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBDP01-r02-permit-domain-controller-out-udp-53_88' -DisplayName 'cordon IBDP01: permit-domain-controller-out-udp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.11') -RemoteAddress @('10.10.1.5') -Protocol UDP -RemotePort @('53', '88') | Out-Null
# rule 3: permit-client-agent-in-tcp-443 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBDP01-r03-permit-client-agent-in-tcp-443' -DisplayName 'cordon IBDP01: permit-client-agent-in-tcp-443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.11') -RemoteAddress @('10.10.1.10', 'fd00:10::10') -Protocol TCP -LocalPort @('443') | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-IBDP01-fw03-permit-client-agent-in-tcp-443' -DisplayName 'cordon IBDP01: allow permit-client-agent-in-tcp-443' -Direction Inbound -Action Allow -LocalAddress @('172.16.10.11') -RemoteAddress @('10.10.1.10', 'fd00:10::10') -Protocol TCP -LocalPort @('443') | Out-Null
# rule 4: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBDP01-r04-permit-icmp-v4' -DisplayName 'cordon IBDP01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.11') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-IBDP01-fw04-permit-icmp-v4' -DisplayName 'cordon IBDP01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('172.16.10.11') -Protocol ICMPv4 | Out-Null
# rule 5: require-any-to-subnet (7 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBDP01-r05-require-any-to-subnet' -DisplayName 'cordon IBDP01: require-any-to-subnet' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-IBDP01-auth' -QuickModeCryptoSet 'cordon-IBDP01-qm' -LocalAddress @('172.16.10.0/24') | Out-Null

Save-NetGPO -GPOSession $Gpo

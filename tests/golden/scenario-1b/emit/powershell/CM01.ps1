# cordon: IPsec policy of CM01 as the Group Policy object cordon-CM01
# hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
# 5 plan rules. Run with -PolicyStore DOMAIN\cordon-CM01; -WhatIf lists every change and makes none.
# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group 'cordon-CM01' are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon-CM01'
# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetFirewallRule of group cordon-CM01')) { Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }
# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO.
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO (its group only).
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecRule of group cordon-CM01')) { Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeRule of group cordon-CM01')) { Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecQuickModeCryptoSet of group cordon-CM01')) { Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeCryptoSet of group cordon-CM01')) { Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecPhase1AuthSet of group cordon-CM01')) { Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }

# Phase 1 authentication, in order of preference.
$AuthProposals = @(
    (New-NetIPsecAuthProposal -Machine -Cert -Authority 'O=Example Corp, CN=Configuration Manager IPsec CA' -AuthorityType Root)
)
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create authentication set cordon-CM01-auth')) { New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-auth' -DisplayName 'cordon CM01: authentication' -Proposal $AuthProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode crypto set cordon-CM01-mm')) { New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-mm' -DisplayName 'cordon CM01: main mode crypto' -Proposal $MainModeProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode rule cordon-CM01-mm-rule')) { New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-mm-rule' -DisplayName 'cordon CM01: main mode' -MainModeCryptoSet 'cordon-CM01-mm' -Phase1AuthSet 'cordon-CM01-auth' | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create quick mode crypto set cordon-CM01-qm')) { New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-qm' -DisplayName 'cordon CM01: quick mode crypto' -Proposal $QuickModeProposals | Out-Null }

# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action.
# rule 1: permit-client-agent-out-tcp-80 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CM01-r01-permit-client-agent-out-tcp-80')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r01-permit-client-agent-out-tcp-80' -DisplayName 'cordon CM01: permit-client-agent-out-tcp-80' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.10', 'fd00:10::10') -RemoteAddress @('172.16.10.13') -Protocol TCP -RemotePort @('80') | Out-Null }
# rule 2: permit-client-agent-out-tcp-443 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CM01-r02-permit-client-agent-out-tcp-443-p1')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r02-permit-client-agent-out-tcp-443-p1' -DisplayName 'cordon CM01: permit-client-agent-out-tcp-443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.10', 'fd00:10::10') -RemoteAddress @('172.16.10.10/31') -Protocol TCP -RemotePort @('443') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CM01-r02-permit-client-agent-out-tcp-443-p2')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r02-permit-client-agent-out-tcp-443-p2' -DisplayName 'cordon CM01: permit-client-agent-out-tcp-443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.10', 'fd00:10::10') -RemoteAddress @('fd00:172:10::10') -Protocol TCP -RemotePort @('443') | Out-Null }
# rule 3: permit-domain-controllers (22 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CM01-r03-permit-domain-controllers')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r03-permit-domain-controllers' -DisplayName 'cordon CM01: permit-domain-controllers' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.10', 'fd00:10::10') -RemoteAddress @('10.10.1.5') | Out-Null }
# rule 4: permit-icmp (0 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CM01-r04-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r04-permit-icmp-v4' -DisplayName 'cordon CM01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.10.1.10') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CM01-fw04-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-fw04-permit-icmp-v4' -DisplayName 'cordon CM01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.10.1.10') -Protocol ICMPv4 -IcmpType 8 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CM01-r04-permit-icmp-v6')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r04-permit-icmp-v6' -DisplayName 'cordon CM01: permit-icmp-v6' -InboundSecurity None -OutboundSecurity None -LocalAddress @('fd00:10::10') -Protocol ICMPv6 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CM01-fw04-permit-icmp-v6')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CM01-fw04-permit-icmp-v6' -DisplayName 'cordon CM01: allow permit-icmp-v6' -Direction Inbound -Action Allow -LocalAddress @('fd00:10::10') -Protocol ICMPv6 -IcmpType 128 | Out-Null }
# rule 5: require-any-to-subnet (32 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CM01-r05-require-any-to-subnet-p1')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r05-require-any-to-subnet-p1' -DisplayName 'cordon CM01: require-any-to-subnet' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CM01-auth' -QuickModeCryptoSet 'cordon-CM01-qm' -LocalAddress @('fd00:10::/48') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CM01-r05-require-any-to-subnet-p2')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CM01-r05-require-any-to-subnet-p2' -DisplayName 'cordon CM01: require-any-to-subnet' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CM01-auth' -QuickModeCryptoSet 'cordon-CM01-qm' -LocalAddress @('10.10.0.0/16') | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }

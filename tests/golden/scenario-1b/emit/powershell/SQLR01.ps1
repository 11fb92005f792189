# cordon: IPsec policy of SQLR01 as the Group Policy object cordon-SQLR01
# hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
# 3 plan rules. Run with -PolicyStore DOMAIN\cordon-SQLR01; -WhatIf lists every change and makes none.
# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group 'cordon-SQLR01' are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon-SQLR01'
# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetFirewallRule of group cordon-SQLR01')) { Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }
# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO.
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO (its group only).
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecRule of group cordon-SQLR01')) { Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeRule of group cordon-SQLR01')) { Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecQuickModeCryptoSet of group cordon-SQLR01')) { Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeCryptoSet of group cordon-SQLR01')) { Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecPhase1AuthSet of group cordon-SQLR01')) { Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }

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
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create authentication set cordon-SQLR01-auth')) { New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-SQLR01-auth' -DisplayName 'cordon SQLR01: authentication' -Proposal $AuthProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode crypto set cordon-SQLR01-mm')) { New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-SQLR01-mm' -DisplayName 'cordon SQLR01: main mode crypto' -Proposal $MainModeProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode rule cordon-SQLR01-mm-rule')) { New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-SQLR01-mm-rule' -DisplayName 'cordon SQLR01: main mode' -MainModeCryptoSet 'cordon-SQLR01-mm' -Phase1AuthSet 'cordon-SQLR01-auth' | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create quick mode crypto set cordon-SQLR01-qm')) { New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-SQLR01-qm' -DisplayName 'cordon SQLR01: quick mode crypto' -Proposal $QuickModeProposals | Out-Null }

# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action.
# rule 1: permit-domain-controllers (12 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-SQLR01-r01-permit-domain-controllers')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-SQLR01-r01-permit-domain-controllers' -DisplayName 'cordon SQLR01: permit-domain-controllers' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.20') -RemoteAddress @('10.10.1.5') | Out-Null }
# rule 2: permit-icmp (0 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-SQLR01-r02-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-SQLR01-r02-permit-icmp-v4' -DisplayName 'cordon SQLR01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.20') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-SQLR01-fw02-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-SQLR01-fw02-permit-icmp-v4' -DisplayName 'cordon SQLR01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('172.16.10.20') -Protocol ICMPv4 -IcmpType 8 | Out-Null }
# rule 3: require-any-to-subnet (4 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-SQLR01-r03-require-any-to-subnet')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-SQLR01-r03-require-any-to-subnet' -DisplayName 'cordon SQLR01: require-any-to-subnet' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-SQLR01-auth' -QuickModeCryptoSet 'cordon-SQLR01-qm' -LocalAddress @('172.16.10.0/24') | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }

# cordon: IPsec policy of NYC-SUP as the Group Policy object cordon-NYC-SUP
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 4 plan rules. Run with -PolicyStore DOMAIN\cordon-NYC-SUP; -WhatIf lists every change and makes none.
# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group 'cordon-NYC-SUP' are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon-NYC-SUP'
# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetFirewallRule of group cordon-NYC-SUP')) { Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }
# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO.
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO (its group only).
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecRule of group cordon-NYC-SUP')) { Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeRule of group cordon-NYC-SUP')) { Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecQuickModeCryptoSet of group cordon-NYC-SUP')) { Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeCryptoSet of group cordon-NYC-SUP')) { Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecPhase1AuthSet of group cordon-NYC-SUP')) { Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }

# Phase 1 authentication, in order of preference.
$AuthProposals = @(
    (New-NetIPsecAuthProposal -Machine -Cert -Authority 'O=Contoso, CN=Contoso ConfigMgr IPsec CA' -AuthorityType Root)
)
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create authentication set cordon-NYC-SUP-auth')) { New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-SUP-auth' -DisplayName 'cordon NYC-SUP: authentication' -Proposal $AuthProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode crypto set cordon-NYC-SUP-mm')) { New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-SUP-mm' -DisplayName 'cordon NYC-SUP: main mode crypto' -Proposal $MainModeProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode rule cordon-NYC-SUP-mm-rule')) { New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-SUP-mm-rule' -DisplayName 'cordon NYC-SUP: main mode' -MainModeCryptoSet 'cordon-NYC-SUP-mm' -Phase1AuthSet 'cordon-NYC-SUP-auth' | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create quick mode crypto set cordon-NYC-SUP-qm')) { New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-SUP-qm' -DisplayName 'cordon NYC-SUP: quick mode crypto' -Proposal $QuickModeProposals | Out-Null }

# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action.
# rule 1: permit-external-out-tcp-80_443 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-NYC-SUP-r01-permit-external-out-tcp-80_443')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SUP-r01-permit-external-out-tcp-80_443' -DisplayName 'cordon NYC-SUP: permit-external-out-tcp-80_443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.20.0.21') -RemoteAddress @('203.0.113.80') -Protocol TCP -RemotePort @('80', '443') | Out-Null }
# rule 2: permit-domain-controllers (12 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-NYC-SUP-r02-permit-domain-controllers')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SUP-r02-permit-domain-controllers' -DisplayName 'cordon NYC-SUP: permit-domain-controllers' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.20.0.21') -RemoteAddress @('10.20.0.5') | Out-Null }
# rule 3: permit-icmp (0 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-NYC-SUP-r03-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SUP-r03-permit-icmp-v4' -DisplayName 'cordon NYC-SUP: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.20.0.21') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-NYC-SUP-fw03-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-NYC-SUP-fw03-permit-icmp-v4' -DisplayName 'cordon NYC-SUP: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('172.20.0.21') -Protocol ICMPv4 -IcmpType 8 | Out-Null }
# rule 4: require-any-to-subnet (21 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-NYC-SUP-r04-require-any-to-subnet')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-NYC-SUP-r04-require-any-to-subnet' -DisplayName 'cordon NYC-SUP: require-any-to-subnet' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-NYC-SUP-auth' -QuickModeCryptoSet 'cordon-NYC-SUP-qm' -LocalAddress @('172.20.0.0/24') | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }

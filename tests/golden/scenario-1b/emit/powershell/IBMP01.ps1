# cordon: IPsec policy of IBMP01 as the Group Policy object cordon-IBMP01
# hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
# 4 plan rules. Run with -PolicyStore DOMAIN\cordon-IBMP01; -WhatIf lists every change and makes none.
# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group 'cordon-IBMP01' are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon-IBMP01'
# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetFirewallRule of group cordon-IBMP01')) { Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }
# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO.
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO (its group only).
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecRule of group cordon-IBMP01')) { Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeRule of group cordon-IBMP01')) { Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecQuickModeCryptoSet of group cordon-IBMP01')) { Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeCryptoSet of group cordon-IBMP01')) { Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecPhase1AuthSet of group cordon-IBMP01')) { Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }

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
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create authentication set cordon-IBMP01-auth')) { New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-IBMP01-auth' -DisplayName 'cordon IBMP01: authentication' -Proposal $AuthProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode crypto set cordon-IBMP01-mm')) { New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-IBMP01-mm' -DisplayName 'cordon IBMP01: main mode crypto' -Proposal $MainModeProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode rule cordon-IBMP01-mm-rule')) { New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-IBMP01-mm-rule' -DisplayName 'cordon IBMP01: main mode' -MainModeCryptoSet 'cordon-IBMP01-mm' -Phase1AuthSet 'cordon-IBMP01-auth' | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create quick mode crypto set cordon-IBMP01-qm')) { New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-IBMP01-qm' -DisplayName 'cordon IBMP01: quick mode crypto' -Proposal $QuickModeProposals | Out-Null }

# Encrypted flows of IBMP01 cross NAT: Windows negotiates with peers behind NAT only when told to.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'allow IPsec through NAT')) { Set-NetFirewallSetting -GPOSession $Gpo -AllowIPsecThroughNAT Both }

# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action.
# rule 1: permit-client-agent-in-tcp-443 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-IBMP01-r01-permit-client-agent-in-tcp-443')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBMP01-r01-permit-client-agent-in-tcp-443' -DisplayName 'cordon IBMP01: permit-client-agent-in-tcp-443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.10', 'fd00:172:10::10') -RemoteAddress @('10.10.1.10', 'fd00:10::10') -Protocol TCP -LocalPort @('443') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-IBMP01-fw01-permit-client-agent-in-tcp-443')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-IBMP01-fw01-permit-client-agent-in-tcp-443' -DisplayName 'cordon IBMP01: allow permit-client-agent-in-tcp-443' -Direction Inbound -Action Allow -LocalAddress @('172.16.10.10', 'fd00:172:10::10') -RemoteAddress @('10.10.1.10', 'fd00:10::10') -Protocol TCP -LocalPort @('443') | Out-Null }
# rule 2: permit-domain-controllers (17 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-IBMP01-r02-permit-domain-controllers')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBMP01-r02-permit-domain-controllers' -DisplayName 'cordon IBMP01: permit-domain-controllers' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.10', 'fd00:172:10::10') -RemoteAddress @('10.10.1.5') | Out-Null }
# rule 3: permit-icmp (0 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-IBMP01-r03-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBMP01-r03-permit-icmp-v4' -DisplayName 'cordon IBMP01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.10') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-IBMP01-fw03-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-IBMP01-fw03-permit-icmp-v4' -DisplayName 'cordon IBMP01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('172.16.10.10') -Protocol ICMPv4 -IcmpType 8 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-IBMP01-r03-permit-icmp-v6')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBMP01-r03-permit-icmp-v6' -DisplayName 'cordon IBMP01: permit-icmp-v6' -InboundSecurity None -OutboundSecurity None -LocalAddress @('fd00:172:10::10') -Protocol ICMPv6 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-IBMP01-fw03-permit-icmp-v6')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-IBMP01-fw03-permit-icmp-v6' -DisplayName 'cordon IBMP01: allow permit-icmp-v6' -Direction Inbound -Action Allow -LocalAddress @('fd00:172:10::10') -Protocol ICMPv6 -IcmpType 128 | Out-Null }
# rule 4: require-any-to-subnet (9 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-IBMP01-r04-require-any-to-subnet-p1')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBMP01-r04-require-any-to-subnet-p1' -DisplayName 'cordon IBMP01: require-any-to-subnet' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-IBMP01-auth' -QuickModeCryptoSet 'cordon-IBMP01-qm' -LocalAddress @('fd00:172:10::/64') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-IBMP01-r04-require-any-to-subnet-p2')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBMP01-r04-require-any-to-subnet-p2' -DisplayName 'cordon IBMP01: require-any-to-subnet' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-IBMP01-auth' -QuickModeCryptoSet 'cordon-IBMP01-qm' -LocalAddress @('172.16.10.0/24') | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }

# cordon: IPsec policy of IBSUP01 as the Group Policy object cordon-IBSUP01
# hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
# 4 plan rules. Run with -PolicyStore DOMAIN\cordon-IBSUP01; -WhatIf lists every change and makes none.
# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group 'cordon-IBSUP01' are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon-IBSUP01'
# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetFirewallRule of group cordon-IBSUP01')) { Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }
# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO.
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO (its group only).
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecRule of group cordon-IBSUP01')) { Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeRule of group cordon-IBSUP01')) { Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecQuickModeCryptoSet of group cordon-IBSUP01')) { Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeCryptoSet of group cordon-IBSUP01')) { Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecPhase1AuthSet of group cordon-IBSUP01')) { Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }

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
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create authentication set cordon-IBSUP01-auth')) { New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-IBSUP01-auth' -DisplayName 'cordon IBSUP01: authentication' -Proposal $AuthProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode crypto set cordon-IBSUP01-mm')) { New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-IBSUP01-mm' -DisplayName 'cordon IBSUP01: main mode crypto' -Proposal $MainModeProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode rule cordon-IBSUP01-mm-rule')) { New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-IBSUP01-mm-rule' -DisplayName 'cordon IBSUP01: main mode' -MainModeCryptoSet 'cordon-IBSUP01-mm' -Phase1AuthSet 'cordon-IBSUP01-auth' | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create quick mode crypto set cordon-IBSUP01-qm')) { New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-IBSUP01-qm' -DisplayName 'cordon IBSUP01: quick mode crypto' -Proposal $QuickModeProposals | Out-Null }

# Encrypted flows of IBSUP01 cross NAT: Windows negotiates with peers behind NAT only when told to.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'allow IPsec through NAT')) { Set-NetFirewallSetting -GPOSession $Gpo -AllowIPsecThroughNAT Both }

# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action.
# rule 1: permit-external-out-tcp-80_443 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-IBSUP01-r01-permit-external-out-tcp-80_443')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBSUP01-r01-permit-external-out-tcp-80_443' -DisplayName 'cordon IBSUP01: permit-external-out-tcp-80_443' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.12') -RemoteAddress @('0.0.0.0/5', '8.0.0.0/7', '10.0.0.0/13', '10.8.0.0/15', '10.11.0.0/16', '10.12.0.0/14', '10.16.0.0/12', '10.32.0.0/11', '10.64.0.0/10', '10.128.0.0/9', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/3', '160.0.0.0/5', '168.0.0.0/6', '172.0.0.0/12', '172.16.0.0/21', '172.16.8.0/23', '172.16.11.0/24', '172.16.12.0/22', '172.16.16.0/20', '172.16.32.0/19', '172.16.64.0/18', '172.16.128.0/17', '172.17.0.0/16', '172.18.0.0/15', '172.20.0.0/14', '172.24.0.0/13', '172.32.0.0/11', '172.64.0.0/10', '172.128.0.0/9', '173.0.0.0/8', '174.0.0.0/7', '176.0.0.0/4', '192.0.0.0/2', '::/1', '8000::/2', 'c000::/3', 'e000::/4', 'f000::/5', 'f800::/6', 'fc00::/8', 'fd00::/28', 'fd00:10:1::/48', 'fd00:10:2::/47', 'fd00:10:4::/46', 'fd00:10:8::/45', 'fd00:10:10::/44', 'fd00:10:20::/43', 'fd00:10:40::/42', 'fd00:10:80::/41', 'fd00:10:100::/40', 'fd00:10:200::/39', 'fd00:10:400::/38', 'fd00:10:800::/37', 'fd00:10:1000::/36', 'fd00:10:2000::/35', 'fd00:10:4000::/34', 'fd00:10:8000::/33', 'fd00:11::/32', 'fd00:12::/31', 'fd00:14::/30', 'fd00:18::/29', 'fd00:20::/27', 'fd00:40::/26', 'fd00:80::/25', 'fd00:100::/26', 'fd00:140::/27', 'fd00:160::/28', 'fd00:170::/31', 'fd00:172::/44', 'fd00:172:10:1::/64', 'fd00:172:10:2::/63', 'fd00:172:10:4::/62', 'fd00:172:10:8::/61', 'fd00:172:10:10::/60', 'fd00:172:10:20::/59', 'fd00:172:10:40::/58', 'fd00:172:10:80::/57', 'fd00:172:10:100::/56', 'fd00:172:10:200::/55', 'fd00:172:10:400::/54', 'fd00:172:10:800::/53', 'fd00:172:10:1000::/52', 'fd00:172:10:2000::/51', 'fd00:172:10:4000::/50', 'fd00:172:10:8000::/49', 'fd00:172:11::/48', 'fd00:172:12::/47', 'fd00:172:14::/46', 'fd00:172:18::/45', 'fd00:172:20::/43', 'fd00:172:40::/42', 'fd00:172:80::/41', 'fd00:172:100::/40', 'fd00:172:200::/39', 'fd00:172:400::/38', 'fd00:172:800::/37', 'fd00:172:1000::/36', 'fd00:172:2000::/35', 'fd00:172:4000::/34', 'fd00:172:8000::/33', 'fd00:173::/32', 'fd00:174::/30', 'fd00:178::/29', 'fd00:180::/25', 'fd00:200::/23', 'fd00:400::/22', 'fd00:800::/21', 'fd00:1000::/20', 'fd00:2000::/19', 'fd00:4000::/18', 'fd00:8000::/17', 'fd01::/16', 'fd02::/15', 'fd04::/14', 'fd08::/13', 'fd10::/12', 'fd20::/11', 'fd40::/10', 'fd80::/9', 'fe00::/7') -Protocol TCP -RemotePort @('80', '443') | Out-Null }
# rule 2: permit-domain-controllers (12 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-IBSUP01-r02-permit-domain-controllers')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBSUP01-r02-permit-domain-controllers' -DisplayName 'cordon IBSUP01: permit-domain-controllers' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.12') -RemoteAddress @('10.10.1.5') | Out-Null }
# rule 3: permit-icmp (0 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-IBSUP01-r03-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBSUP01-r03-permit-icmp-v4' -DisplayName 'cordon IBSUP01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('172.16.10.12') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-IBSUP01-fw03-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-IBSUP01-fw03-permit-icmp-v4' -DisplayName 'cordon IBSUP01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('172.16.10.12') -Protocol ICMPv4 -IcmpType 8 | Out-Null }
# rule 4: require-any-to-subnet (11 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-IBSUP01-r04-require-any-to-subnet')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-IBSUP01-r04-require-any-to-subnet' -DisplayName 'cordon IBSUP01: require-any-to-subnet' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-IBSUP01-auth' -QuickModeCryptoSet 'cordon-IBSUP01-qm' -LocalAddress @('172.16.10.0/24') | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }

# cordon: IPsec policy of ADMIN01 as the Group Policy object cordon-ADMIN01
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 9 plan rules. Run with -PolicyStore DOMAIN\cordon-ADMIN01; -WhatIf lists every change and makes none.
# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group 'cordon-ADMIN01' are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon-ADMIN01'
# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetFirewallRule of group cordon-ADMIN01')) { Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }
# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO.
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO (its group only).
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecRule of group cordon-ADMIN01')) { Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeRule of group cordon-ADMIN01')) { Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecQuickModeCryptoSet of group cordon-ADMIN01')) { Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeCryptoSet of group cordon-ADMIN01')) { Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecPhase1AuthSet of group cordon-ADMIN01')) { Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }

# Phase 1 authentication, in order of preference.
$AuthProposals = @(
    (New-NetIPsecAuthProposal -Machine -Cert -Authority 'O=Contoso, CN=Contoso ConfigMgr IPsec CA' -AuthorityType Root)
    (New-NetIPsecAuthProposal -Machine -Kerberos)
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
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create authentication set cordon-ADMIN01-auth')) { New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-ADMIN01-auth' -DisplayName 'cordon ADMIN01: authentication' -Proposal $AuthProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode crypto set cordon-ADMIN01-mm')) { New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-ADMIN01-mm' -DisplayName 'cordon ADMIN01: main mode crypto' -Proposal $MainModeProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode rule cordon-ADMIN01-mm-rule')) { New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-ADMIN01-mm-rule' -DisplayName 'cordon ADMIN01: main mode' -MainModeCryptoSet 'cordon-ADMIN01-mm' -Phase1AuthSet 'cordon-ADMIN01-auth' | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create quick mode crypto set cordon-ADMIN01-qm')) { New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-ADMIN01-qm' -DisplayName 'cordon ADMIN01: quick mode crypto' -Proposal $QuickModeProposals | Out-Null }

# Encrypted flows of ADMIN01 cross NAT: Windows negotiates with peers behind NAT only when told to.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'allow IPsec through NAT')) { Set-NetFirewallSetting -GPOSession $Gpo -AllowIPsecThroughNAT Both }

# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action.
# rule 1: permit-out-of-band-out-tcp-16992-16995 (8 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r01-permit-out-of-band-out-tcp-16992-16995-p1')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r01-permit-out-of-band-out-tcp-16992-16995-p1' -DisplayName 'cordon ADMIN01: permit-out-of-band-out-tcp-16992-16995' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.64.0/20') -Protocol TCP -RemotePort @('16992-16995') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r01-permit-out-of-band-out-tcp-16992-16995-p2')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r01-permit-out-of-band-out-tcp-16992-16995-p2' -DisplayName 'cordon ADMIN01: permit-out-of-band-out-tcp-16992-16995' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.5.50') -RemoteAddress @('192.168.50.128/25') -Protocol TCP -RemotePort @('16992-16995') | Out-Null }
# rule 2: permit-external-out-tcp-80 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r02-permit-external-out-tcp-80')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r02-permit-external-out-tcp-80' -DisplayName 'cordon ADMIN01: permit-external-out-tcp-80' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.5.50') -RemoteAddress @('203.0.113.80') -Protocol TCP -RemotePort @('80') | Out-Null }
# rule 3: permit-domain-controllers (12 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r03-permit-domain-controllers')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r03-permit-domain-controllers' -DisplayName 'cordon ADMIN01: permit-domain-controllers' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.0.5') | Out-Null }
# rule 4: permit-icmp (0 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r04-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r04-permit-icmp-v4' -DisplayName 'cordon ADMIN01: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.5.50') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-ADMIN01-fw04-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-ADMIN01-fw04-permit-icmp-v4' -DisplayName 'cordon ADMIN01: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.5.50') -Protocol ICMPv4 -IcmpType 8 | Out-Null }
# rule 5: require-out-tcp-80_443 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r05-require-out-tcp-80_443')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r05-require-out-tcp-80_443' -DisplayName 'cordon ADMIN01: require-out-tcp-80_443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.0.11') -Protocol TCP -RemotePort @('80', '443') | Out-Null }
# rule 6: require-out-tcp-135 (7 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r06-require-out-tcp-135-p1')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r06-require-out-tcp-135-p1' -DisplayName 'cordon ADMIN01: require-out-tcp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.30.128.0/18') -Protocol TCP -RemotePort @('135') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r06-require-out-tcp-135-p2')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r06-require-out-tcp-135-p2' -DisplayName 'cordon ADMIN01: require-out-tcp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.64.0/20') -Protocol TCP -RemotePort @('135') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r06-require-out-tcp-135-p3')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r06-require-out-tcp-135-p3' -DisplayName 'cordon ADMIN01: require-out-tcp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('192.168.50.128/25') -Protocol TCP -RemotePort @('135') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r06-require-out-tcp-135-p4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r06-require-out-tcp-135-p4' -DisplayName 'cordon ADMIN01: require-out-tcp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.0.10', '10.20.1.10', '10.30.0.5', 'fd00:20::10') -Protocol TCP -RemotePort @('135') | Out-Null }
# rule 7: require-out-tcp-2701-2702_3389 (15 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r07-require-out-tcp-2701-2702_3389-p1')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r07-require-out-tcp-2701-2702_3389-p1' -DisplayName 'cordon ADMIN01: require-out-tcp-2701-2702_3389' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.30.128.0/18') -Protocol TCP -RemotePort @('2701', '2702', '3389') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r07-require-out-tcp-2701-2702_3389-p2')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r07-require-out-tcp-2701-2702_3389-p2' -DisplayName 'cordon ADMIN01: require-out-tcp-2701-2702_3389' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.64.0/20') -Protocol TCP -RemotePort @('2701', '2702', '3389') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r07-require-out-tcp-2701-2702_3389-p3')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r07-require-out-tcp-2701-2702_3389-p3' -DisplayName 'cordon ADMIN01: require-out-tcp-2701-2702_3389' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('192.168.50.128/25') -Protocol TCP -RemotePort @('2701', '2702', '3389') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r07-require-out-tcp-2701-2702_3389-p4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r07-require-out-tcp-2701-2702_3389-p4' -DisplayName 'cordon ADMIN01: require-out-tcp-2701-2702_3389' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.1.10', '10.30.0.5') -Protocol TCP -RemotePort @('2701', '2702', '3389') | Out-Null }
# rule 8: require-out-tcp-5000-5100 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r08-require-out-tcp-5000-5100')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r08-require-out-tcp-5000-5100' -DisplayName 'cordon ADMIN01: require-out-tcp-5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -RemotePort @('5000', '5001', '5002', '5003', '5004', '5005', '5006', '5007', '5008', '5009', '5010', '5011', '5012', '5013', '5014', '5015', '5016', '5017', '5018', '5019', '5020', '5021', '5022', '5023', '5024', '5025', '5026', '5027', '5028', '5029', '5030', '5031', '5032', '5033', '5034', '5035', '5036', '5037', '5038', '5039', '5040', '5041', '5042', '5043', '5044', '5045', '5046', '5047', '5048', '5049', '5050', '5051', '5052', '5053', '5054', '5055', '5056', '5057', '5058', '5059', '5060', '5061', '5062', '5063', '5064', '5065', '5066', '5067', '5068', '5069', '5070', '5071', '5072', '5073', '5074', '5075', '5076', '5077', '5078', '5079', '5080', '5081', '5082', '5083', '5084', '5085', '5086', '5087', '5088', '5089', '5090', '5091', '5092', '5093', '5094', '5095', '5096', '5097', '5098', '5099', '5100') | Out-Null }
# rule 9: require-out-udp-135 (1 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-ADMIN01-r09-require-out-udp-135')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-ADMIN01-r09-require-out-udp-135' -DisplayName 'cordon ADMIN01: require-out-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-ADMIN01-auth' -QuickModeCryptoSet 'cordon-ADMIN01-qm' -LocalAddress @('10.20.5.50') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol UDP -RemotePort @('135') | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }

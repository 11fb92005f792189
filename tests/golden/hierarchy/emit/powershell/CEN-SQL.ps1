# cordon: IPsec policy of CEN-SQL as the Group Policy object cordon-CEN-SQL
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 6 plan rules. Run with -PolicyStore DOMAIN\cordon-CEN-SQL; -WhatIf lists every change and makes none.
# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group 'cordon-CEN-SQL' are replaced, nothing else.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $PolicyStore
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$Group = 'cordon-CEN-SQL'
# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it.
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetFirewallRule of group cordon-CEN-SQL')) { Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }
# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO.
$Gpo = Open-NetGPO -PolicyStore $PolicyStore

# Remove what an earlier run of cordon made in this GPO (its group only).
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecRule of group cordon-CEN-SQL')) { Remove-NetIPsecRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeRule of group cordon-CEN-SQL')) { Remove-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecQuickModeCryptoSet of group cordon-CEN-SQL')) { Remove-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecMainModeCryptoSet of group cordon-CEN-SQL')) { Remove-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'Remove-NetIPsecPhase1AuthSet of group cordon-CEN-SQL')) { Remove-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue }

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
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create authentication set cordon-CEN-SQL-auth')) { New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-auth' -DisplayName 'cordon CEN-SQL: authentication' -Proposal $AuthProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode crypto set cordon-CEN-SQL-mm')) { New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-mm' -DisplayName 'cordon CEN-SQL: main mode crypto' -Proposal $MainModeProposals | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create main mode rule cordon-CEN-SQL-mm-rule')) { New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-mm-rule' -DisplayName 'cordon CEN-SQL: main mode' -MainModeCryptoSet 'cordon-CEN-SQL-mm' -Phase1AuthSet 'cordon-CEN-SQL-auth' | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create quick mode crypto set cordon-CEN-SQL-qm')) { New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-qm' -DisplayName 'cordon CEN-SQL: quick mode crypto' -Proposal $QuickModeProposals | Out-Null }

# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action.
# rule 1: permit-domain-controllers (12 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SQL-r01-permit-domain-controllers')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r01-permit-domain-controllers' -DisplayName 'cordon CEN-SQL: permit-domain-controllers' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.5') | Out-Null }
# rule 2: permit-icmp (0 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SQL-r02-permit-icmp-v4')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r02-permit-icmp-v4' -DisplayName 'cordon CEN-SQL: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.11') -Protocol ICMPv4 | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SQL-fw02-permit-icmp-v4')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-fw02-permit-icmp-v4' -DisplayName 'cordon CEN-SQL: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.0.11') -Protocol ICMPv4 -IcmpType 8 | Out-Null }
# rule 3: require-in-tcp-80_443 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SQL-r03-require-in-tcp-80_443')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r03-require-in-tcp-80_443' -DisplayName 'cordon CEN-SQL: require-in-tcp-80_443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SQL-auth' -QuickModeCryptoSet 'cordon-CEN-SQL-qm' -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.5.50') -Protocol TCP -LocalPort @('80', '443') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SQL-fw03-require-in-tcp-80_443')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-fw03-require-in-tcp-80_443' -DisplayName 'cordon CEN-SQL: allow require-in-tcp-80_443' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.5.50') -Protocol TCP -LocalPort @('80', '443') | Out-Null }
# rule 4: require-in-tcp-135_445_5000-5100 (6 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SQL-r04-require-in-tcp-135_445_5000-5100')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r04-require-in-tcp-135_445_5000-5100' -DisplayName 'cordon CEN-SQL: require-in-tcp-135_445_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SQL-auth' -QuickModeCryptoSet 'cordon-CEN-SQL-qm' -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -LocalPort @('135', '445', '5000', '5001', '5002', '5003', '5004', '5005', '5006', '5007', '5008', '5009', '5010', '5011', '5012', '5013', '5014', '5015', '5016', '5017', '5018', '5019', '5020', '5021', '5022', '5023', '5024', '5025', '5026', '5027', '5028', '5029', '5030', '5031', '5032', '5033', '5034', '5035', '5036', '5037', '5038', '5039', '5040', '5041', '5042', '5043', '5044', '5045', '5046', '5047', '5048', '5049', '5050', '5051', '5052', '5053', '5054', '5055', '5056', '5057', '5058', '5059', '5060', '5061', '5062', '5063', '5064', '5065', '5066', '5067', '5068', '5069', '5070', '5071', '5072', '5073', '5074', '5075', '5076', '5077', '5078', '5079', '5080', '5081', '5082', '5083', '5084', '5085', '5086', '5087', '5088', '5089', '5090', '5091', '5092', '5093', '5094', '5095', '5096', '5097', '5098', '5099', '5100') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SQL-fw04-require-in-tcp-135_445_5000-5100')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-fw04-require-in-tcp-135_445_5000-5100' -DisplayName 'cordon CEN-SQL: allow require-in-tcp-135_445_5000-5100' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -LocalPort @('135', '445', '5000-5100') | Out-Null }
# rule 5: require-in-tcp-1433 (6 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SQL-r05-require-in-tcp-1433')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r05-require-in-tcp-1433' -DisplayName 'cordon CEN-SQL: require-in-tcp-1433' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SQL-auth' -QuickModeCryptoSet 'cordon-CEN-SQL-qm' -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.10', '10.20.0.12', '10.20.1.11', '10.30.0.5', 'fd00:20::10') -Protocol TCP -LocalPort @('1433') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SQL-fw05-require-in-tcp-1433')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-fw05-require-in-tcp-1433' -DisplayName 'cordon CEN-SQL: allow require-in-tcp-1433' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.10', '10.20.0.12', '10.20.1.11', '10.30.0.5', 'fd00:20::10') -Protocol TCP -LocalPort @('1433') | Out-Null }
# rule 6: require-in-udp-135 (2 flows)
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create IPsec rule cordon-CEN-SQL-r06-require-in-udp-135')) { New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r06-require-in-udp-135' -DisplayName 'cordon CEN-SQL: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SQL-auth' -QuickModeCryptoSet 'cordon-CEN-SQL-qm' -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol UDP -LocalPort @('135') | Out-Null }
if ($PSCmdlet.ShouldProcess($PolicyStore, 'create firewall rule cordon-CEN-SQL-fw06-require-in-udp-135')) { New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-fw06-require-in-udp-135' -DisplayName 'cordon CEN-SQL: allow require-in-udp-135' -Direction Inbound -Action Allow -Authentication Required -Encryption Required -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol UDP -LocalPort @('135') | Out-Null }

if ($PSCmdlet.ShouldProcess($PolicyStore, 'save the GPO')) { Save-NetGPO -GPOSession $Gpo }

# cordon: IPsec policy of CEN-SQL as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 7 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-auth' -DisplayName 'cordon CEN-SQL: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-mm' -DisplayName 'cordon CEN-SQL: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-mm-rule' -DisplayName 'cordon CEN-SQL: main mode' -MainModeCryptoSet 'cordon-CEN-SQL-mm' -Phase1AuthSet 'cordon-CEN-SQL-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-qm' -DisplayName 'cordon CEN-SQL: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-domain-controller-out-tcp-53_88 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r01-permit-domain-controller-out-tcp-53_88' -DisplayName 'cordon CEN-SQL: permit-domain-controller-out-tcp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53', '88') | Out-Null
# rule 2: permit-domain-controller-out-udp-53_88 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r02-permit-domain-controller-out-udp-53_88' -DisplayName 'cordon CEN-SQL: permit-domain-controller-out-udp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53', '88') | Out-Null
# rule 3: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r03-permit-icmp-v4' -DisplayName 'cordon CEN-SQL: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.11') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SQL-fw03-permit-icmp-v4' -DisplayName 'cordon CEN-SQL: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.0.11') -Protocol ICMPv4 | Out-Null
# rule 4: require-in-tcp-80_443 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r04-require-in-tcp-80_443' -DisplayName 'cordon CEN-SQL: require-in-tcp-80_443' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SQL-auth' -QuickModeCryptoSet 'cordon-CEN-SQL-qm' -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.5.50') -Protocol TCP -LocalPort @('80', '443') | Out-Null
# rule 5: require-in-tcp-135_445_5000-5100 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r05-require-in-tcp-135_445_5000-5100' -DisplayName 'cordon CEN-SQL: require-in-tcp-135_445_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SQL-auth' -QuickModeCryptoSet 'cordon-CEN-SQL-qm' -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -LocalPort @('135', '445', '5000-5100') | Out-Null
# rule 6: require-in-tcp-1433 (6 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r06-require-in-tcp-1433' -DisplayName 'cordon CEN-SQL: require-in-tcp-1433' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SQL-auth' -QuickModeCryptoSet 'cordon-CEN-SQL-qm' -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.10', '10.20.0.12', '10.20.1.11', '10.30.0.5', 'fd00:20::10') -Protocol TCP -LocalPort @('1433') | Out-Null
# rule 7: require-in-udp-135 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SQL-r07-require-in-udp-135' -DisplayName 'cordon CEN-SQL: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SQL-auth' -QuickModeCryptoSet 'cordon-CEN-SQL-qm' -LocalAddress @('10.20.0.11') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol UDP -LocalPort @('135') | Out-Null

Save-NetGPO -GPOSession $Gpo

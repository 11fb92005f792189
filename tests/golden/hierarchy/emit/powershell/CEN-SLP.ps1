# cordon: IPsec policy of CEN-SLP as a Group Policy object
# hierarchy: Contoso hierarchy (examples/hierarchy.toml)
# 9 rules. Run with -PolicyStore DOMAIN\GPO-NAME; add -WhatIf to see the changes only.
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
New-NetIPsecPhase1AuthSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-auth' -DisplayName 'cordon CEN-SLP: authentication' -Proposal $AuthProposals | Out-Null
$MainModeProposals = @(
    (New-NetIPsecMainModeCryptoProposal -Encryption AES256 -Hash SHA256 -KeyExchange DH20)
    (New-NetIPsecMainModeCryptoProposal -Encryption AES128 -Hash SHA256 -KeyExchange DH14)
    (New-NetIPsecMainModeCryptoProposal -Encryption DES3 -Hash SHA1 -KeyExchange DH14)
)
New-NetIPsecMainModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-mm' -DisplayName 'cordon CEN-SLP: main mode crypto' -Proposal $MainModeProposals | Out-Null
New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-mm-rule' -DisplayName 'cordon CEN-SLP: main mode' -MainModeCryptoSet 'cordon-CEN-SLP-mm' -Phase1AuthSet 'cordon-CEN-SLP-auth' | Out-Null
$QuickModeProposals = @(
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 -ESPHash AESGMAC256)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM128 -ESPHash AESGMAC128)
    (New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption DES3 -ESPHash SHA1)
)
New-NetIPsecQuickModeCryptoSet -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-qm' -DisplayName 'cordon CEN-SLP: quick mode crypto' -Proposal $QuickModeProposals | Out-Null

# IPsec rules, first match first.
# rule 1: permit-domain-controller-out-tcp-53_88 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r01-permit-domain-controller-out-tcp-53_88' -DisplayName 'cordon CEN-SLP: permit-domain-controller-out-tcp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.5') -Protocol TCP -RemotePort @('53', '88') | Out-Null
# rule 2: permit-domain-controller-out-udp-53_88 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r02-permit-domain-controller-out-udp-53_88' -DisplayName 'cordon CEN-SLP: permit-domain-controller-out-udp-53_88' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.5') -Protocol UDP -RemotePort @('53', '88') | Out-Null
# rule 3: permit-client-agent-in-tcp-80 (2 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r03-permit-client-agent-in-tcp-80' -DisplayName 'cordon CEN-SLP: permit-client-agent-in-tcp-80' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.1.10', '10.30.0.5') -Protocol TCP -LocalPort @('80') | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-fw03-permit-client-agent-in-tcp-80' -DisplayName 'cordon CEN-SLP: allow permit-client-agent-in-tcp-80' -Direction Inbound -Action Allow -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.1.10', '10.30.0.5') -Protocol TCP -LocalPort @('80') | Out-Null
# rule 4: permit-icmp (0 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r04-permit-icmp-v4' -DisplayName 'cordon CEN-SLP: permit-icmp-v4' -InboundSecurity None -OutboundSecurity None -LocalAddress @('10.20.0.12') -Protocol ICMPv4 | Out-Null
New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name 'cordon-CEN-SLP-fw04-permit-icmp-v4' -DisplayName 'cordon CEN-SLP: allow permit-icmp-v4' -Direction Inbound -Action Allow -LocalAddress @('10.20.0.12') -Protocol ICMPv4 | Out-Null
# rule 5: require-out-tcp-445 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r05-require-out-tcp-445' -DisplayName 'cordon CEN-SLP: require-out-tcp-445' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -RemotePort @('445') | Out-Null
# rule 6: require-out-tcp-1433 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r06-require-out-tcp-1433' -DisplayName 'cordon CEN-SLP: require-out-tcp-1433' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.11') -Protocol TCP -RemotePort @('1433') | Out-Null
# rule 7: require-in-tcp-80 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r07-require-in-tcp-80' -DisplayName 'cordon CEN-SLP: require-in-tcp-80' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.64.0/20', '10.30.128.0/18', '192.168.50.128/25') -Protocol TCP -LocalPort @('80') | Out-Null
# rule 8: require-in-tcp-135_445_5000-5100 (3 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r08-require-in-tcp-135_445_5000-5100' -DisplayName 'cordon CEN-SLP: require-in-tcp-135_445_5000-5100' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol TCP -LocalPort @('135', '445', '5000-5100') | Out-Null
# rule 9: require-in-udp-135 (1 flows)
New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName 'cordon-CEN-SLP-r09-require-in-udp-135' -DisplayName 'cordon CEN-SLP: require-in-udp-135' -Mode Transport -InboundSecurity Require -OutboundSecurity Require -Phase1AuthSet 'cordon-CEN-SLP-auth' -QuickModeCryptoSet 'cordon-CEN-SLP-qm' -LocalAddress @('10.20.0.12') -RemoteAddress @('10.20.0.10', 'fd00:20::10') -Protocol UDP -LocalPort @('135') | Out-Null

Save-NetGPO -GPOSession $Gpo

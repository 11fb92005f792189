@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of DC01 for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
rem Windows applies the most specific matching filter, not the first rule; cordon checked that it gives the plan's action.
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-DC01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-DC01-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-DC01-r02" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-DC01-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-DC01-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-DC01-request" >nul 2>&1
netsh ipsec static add policy name="cordon-DC01" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-DC01-permit" action=permit

rem rule 1: permit-domain-controllers (99 flows)
netsh ipsec static add filterlist name="cordon-DC01-r01"
netsh ipsec static add filter filterlist="cordon-DC01-r01" srcaddr=10.10.1.5 srcmask=32 dstaddr=any protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-DC01-r01" policy="cordon-DC01" filterlist="cordon-DC01-r01" filteraction="cordon-DC01-permit" conntype=all activate=yes

rem rule 2: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-DC01-r02"
netsh ipsec static add filter filterlist="cordon-DC01-r02" srcaddr=10.10.1.5 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-DC01-r02" policy="cordon-DC01" filterlist="cordon-DC01-r02" filteraction="cordon-DC01-permit" conntype=all activate=yes
endlocal

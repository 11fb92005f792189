@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of DC01 for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-DC01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-DC01-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-DC01-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-DC01-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-DC01-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-DC01-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-DC01-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-DC01-r07" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-DC01-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-DC01-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-DC01-request" >nul 2>&1
netsh ipsec static add policy name="cordon-DC01" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-DC01-permit" action=permit

rem rule 1: permit-domain-controller-in-tcp-53_88 (14 flows)
netsh ipsec static add filterlist name="cordon-DC01-r01"
netsh ipsec static add filter filterlist="cordon-DC01-r01" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.10 dstmask=32 protocol=TCP srcport=53 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r01" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.10 dstmask=32 protocol=TCP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r01" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.20 dstmask=32 protocol=TCP srcport=53 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r01" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.20 dstmask=32 protocol=TCP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r01" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.10 dstmask=31 protocol=TCP srcport=53 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r01" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.10 dstmask=31 protocol=TCP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r01" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.12 dstmask=31 protocol=TCP srcport=53 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r01" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.12 dstmask=31 protocol=TCP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r01" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.20 dstmask=32 protocol=TCP srcport=53 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r01" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.20 dstmask=32 protocol=TCP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-DC01-r01" policy="cordon-DC01" filterlist="cordon-DC01-r01" filteraction="cordon-DC01-permit" conntype=all activate=yes

rem rule 2: permit-domain-controller-in-tcp-135_389_1025-5000_49152-65535 (9 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-DC01-r02"
netsh ipsec static add filter filterlist="cordon-DC01-r02" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r02" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-DC01-r02" policy="cordon-DC01" filterlist="cordon-DC01-r02" filteraction="cordon-DC01-permit" conntype=all activate=yes

rem rule 3: permit-domain-controller-in-tcp-636_3269 (2 flows)
netsh ipsec static add filterlist name="cordon-DC01-r03"
netsh ipsec static add filter filterlist="cordon-DC01-r03" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.10 dstmask=32 protocol=TCP srcport=636 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r03" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.10 dstmask=32 protocol=TCP srcport=3269 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-DC01-r03" policy="cordon-DC01" filterlist="cordon-DC01-r03" filteraction="cordon-DC01-permit" conntype=all activate=yes

rem rule 4: permit-domain-controller-in-udp-53_88 (14 flows)
netsh ipsec static add filterlist name="cordon-DC01-r04"
netsh ipsec static add filter filterlist="cordon-DC01-r04" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.10 dstmask=32 protocol=UDP srcport=53 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r04" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.10 dstmask=32 protocol=UDP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r04" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.20 dstmask=32 protocol=UDP srcport=53 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r04" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.20 dstmask=32 protocol=UDP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r04" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.10 dstmask=31 protocol=UDP srcport=53 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r04" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.10 dstmask=31 protocol=UDP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r04" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.12 dstmask=31 protocol=UDP srcport=53 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r04" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.12 dstmask=31 protocol=UDP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r04" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.20 dstmask=32 protocol=UDP srcport=53 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r04" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.20 dstmask=32 protocol=UDP srcport=88 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-DC01-r04" policy="cordon-DC01" filterlist="cordon-DC01-r04" filteraction="cordon-DC01-permit" conntype=all activate=yes

rem rule 5: permit-domain-controller-in-udp-135_636 (2 flows)
netsh ipsec static add filterlist name="cordon-DC01-r05"
netsh ipsec static add filter filterlist="cordon-DC01-r05" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r05" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.10 dstmask=32 protocol=UDP srcport=636 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-DC01-r05" policy="cordon-DC01" filterlist="cordon-DC01-r05" filteraction="cordon-DC01-permit" conntype=all activate=yes

rem rule 6: permit-domain-controller-in-udp-389 (2 flows)
netsh ipsec static add filterlist name="cordon-DC01-r06"
netsh ipsec static add filter filterlist="cordon-DC01-r06" srcaddr=10.10.1.5 srcmask=32 dstaddr=10.10.1.10 dstmask=32 protocol=UDP srcport=389 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-DC01-r06" srcaddr=10.10.1.5 srcmask=32 dstaddr=172.16.10.10 dstmask=32 protocol=UDP srcport=389 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-DC01-r06" policy="cordon-DC01" filterlist="cordon-DC01-r06" filteraction="cordon-DC01-permit" conntype=all activate=yes

rem rule 7: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-DC01-r07"
netsh ipsec static add filter filterlist="cordon-DC01-r07" srcaddr=10.10.1.5 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-DC01-r07" policy="cordon-DC01" filterlist="cordon-DC01-r07" filteraction="cordon-DC01-permit" conntype=all activate=yes
endlocal

@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of NYC-DP for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-NYC-DP" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r09" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r10" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r11" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-DP-r12" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-DP-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-DP-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-DP-request" >nul 2>&1
netsh ipsec static add policy name="cordon-NYC-DP" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-NYC-DP-permit" action=permit
netsh ipsec static add filteraction name="cordon-NYC-DP-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-NYC-DP-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-catalog-out-udp-1-65535 (6 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-NYC-DP-r01"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r01" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r01" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r01" srcaddr=10.20.1.12 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r01" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r01" filteraction="cordon-NYC-DP-permit" conntype=all activate=yes

rem rule 2: permit-catalog-in-udp-67_69_4011 (9 flows)
netsh ipsec static add filterlist name="cordon-NYC-DP-r02"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r02" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=UDP srcport=67 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r02" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=UDP srcport=69 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r02" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=UDP srcport=4011 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r02" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=UDP srcport=67 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r02" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=UDP srcport=69 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r02" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=UDP srcport=4011 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r02" srcaddr=10.20.1.12 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=UDP srcport=67 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r02" srcaddr=10.20.1.12 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=UDP srcport=69 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r02" srcaddr=10.20.1.12 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=UDP srcport=4011 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r02" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r02" filteraction="cordon-NYC-DP-permit" conntype=all activate=yes

rem rule 3: permit-catalog-in-udp-63000-64000 (1 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-NYC-DP-r03"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r03" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r03" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r03" filteraction="cordon-NYC-DP-permit" conntype=all activate=yes

rem rule 4: permit-domain-controller-out-tcp-53_88 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-DP-r04"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r04" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r04" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r04" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r04" filteraction="cordon-NYC-DP-permit" conntype=all activate=yes

rem rule 5: permit-domain-controller-out-udp-53_88 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-DP-r05"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r05" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r05" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r05" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r05" filteraction="cordon-NYC-DP-permit" conntype=all activate=yes

rem rule 6: permit-client-agent-in-tcp-443 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-DP-r06"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r06" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=443 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r06" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r06" filteraction="cordon-NYC-DP-permit" conntype=all activate=yes

rem rule 7: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-NYC-DP-r07"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r07" srcaddr=10.20.1.12 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r07" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r07" filteraction="cordon-NYC-DP-permit" conntype=all activate=yes

rem rule 8: require-out-tcp-445_1433 (5 flows)
netsh ipsec static add filterlist name="cordon-NYC-DP-r08"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r08" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r08" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=1433 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r08" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r08" filteraction="cordon-NYC-DP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 9: require-in-tcp-135_5000-5100 (6 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-NYC-DP-r09"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r09" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r09" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r09" filteraction="cordon-NYC-DP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 10: require-in-tcp-443 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-DP-r10"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r10" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=443 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r10" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r10" filteraction="cordon-NYC-DP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 11: require-in-tcp-445 (7 flows)
netsh ipsec static add filterlist name="cordon-NYC-DP-r11"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r11" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-DP-r11" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=445 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r11" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r11" filteraction="cordon-NYC-DP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 12: require-in-udp-135 (3 flows)
netsh ipsec static add filterlist name="cordon-NYC-DP-r12"
netsh ipsec static add filter filterlist="cordon-NYC-DP-r12" srcaddr=10.20.1.12 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-DP-r12" policy="cordon-NYC-DP" filterlist="cordon-NYC-DP-r12" filteraction="cordon-NYC-DP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal

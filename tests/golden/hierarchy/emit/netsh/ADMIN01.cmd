@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of ADMIN01 for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-ADMIN01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r09" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-ADMIN01-r10" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-ADMIN01-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-ADMIN01-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-ADMIN01-request" >nul 2>&1
netsh ipsec static add policy name="cordon-ADMIN01" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-ADMIN01-permit" action=permit
netsh ipsec static add filteraction name="cordon-ADMIN01-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-ADMIN01-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-out-of-band-out-tcp-16992-16995 (8 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-ADMIN01-r01"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r01" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r01" srcaddr=10.20.5.50 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r01" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r01" filteraction="cordon-ADMIN01-permit" conntype=all activate=yes

rem rule 2: permit-external-out-tcp-80 (1 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r02"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r02" srcaddr=10.20.5.50 srcmask=32 dstaddr=203.0.113.80 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r02" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r02" filteraction="cordon-ADMIN01-permit" conntype=all activate=yes

rem rule 3: permit-domain-controller-out-tcp-53_88 (2 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r03"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r03" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r03" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r03" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r03" filteraction="cordon-ADMIN01-permit" conntype=all activate=yes

rem rule 4: permit-domain-controller-out-udp-53_88 (2 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r04"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r04" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r04" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r04" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r04" filteraction="cordon-ADMIN01-permit" conntype=all activate=yes

rem rule 5: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r05"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r05" srcaddr=10.20.5.50 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r05" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r05" filteraction="cordon-ADMIN01-permit" conntype=all activate=yes

rem rule 6: require-out-tcp-80_443 (2 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r06"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r06" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r06" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r06" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r06" filteraction="cordon-ADMIN01-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 7: require-out-tcp-135 (7 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r07"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r07" srcaddr=10.20.5.50 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r07" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r07" filteraction="cordon-ADMIN01-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 8: require-out-tcp-2701-2702_3389 (15 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-ADMIN01-r08"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-ADMIN01-r08" srcaddr=10.20.5.50 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r08" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r08" filteraction="cordon-ADMIN01-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 9: require-out-tcp-5000-5100 (1 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-ADMIN01-r09"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r09" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r09" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r09" filteraction="cordon-ADMIN01-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 10: require-out-udp-135 (1 flows)
netsh ipsec static add filterlist name="cordon-ADMIN01-r10"
netsh ipsec static add filter filterlist="cordon-ADMIN01-r10" srcaddr=10.20.5.50 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add rule name="cordon-ADMIN01-r10" policy="cordon-ADMIN01" filterlist="cordon-ADMIN01-r10" filteraction="cordon-ADMIN01-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal

@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of LON-SUP for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-LON-SUP" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SUP-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SUP-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SUP-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SUP-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SUP-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SUP-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SUP-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SUP-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SUP-r09" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SUP-r10" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-LON-SUP-r11" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-LON-SUP-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-LON-SUP-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-LON-SUP-request" >nul 2>&1
netsh ipsec static add policy name="cordon-LON-SUP" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-LON-SUP-permit" action=permit
netsh ipsec static add filteraction name="cordon-LON-SUP-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-LON-SUP-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-external-out-tcp-80_443 (2 flows)
netsh ipsec static add filterlist name="cordon-LON-SUP-r01"
netsh ipsec static add filter filterlist="cordon-LON-SUP-r01" srcaddr=10.30.0.21 srcmask=32 dstaddr=203.0.113.80 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SUP-r01" srcaddr=10.30.0.21 srcmask=32 dstaddr=203.0.113.80 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SUP-r01" policy="cordon-LON-SUP" filterlist="cordon-LON-SUP-r01" filteraction="cordon-LON-SUP-permit" conntype=all activate=yes

rem rule 2: permit-domain-controller-out-tcp-53 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-SUP-r02"
netsh ipsec static add filter filterlist="cordon-LON-SUP-r02" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SUP-r02" policy="cordon-LON-SUP" filterlist="cordon-LON-SUP-r02" filteraction="cordon-LON-SUP-permit" conntype=all activate=yes

rem rule 3: permit-domain-controller-out-tcp-88 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-SUP-r03"
netsh ipsec static add filter filterlist="cordon-LON-SUP-r03" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SUP-r03" policy="cordon-LON-SUP" filterlist="cordon-LON-SUP-r03" filteraction="cordon-LON-SUP-permit" conntype=all activate=yes

rem rule 4: permit-domain-controller-out-udp-53 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-SUP-r04"
netsh ipsec static add filter filterlist="cordon-LON-SUP-r04" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SUP-r04" policy="cordon-LON-SUP" filterlist="cordon-LON-SUP-r04" filteraction="cordon-LON-SUP-permit" conntype=all activate=yes

rem rule 5: permit-domain-controller-out-udp-88 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-SUP-r05"
netsh ipsec static add filter filterlist="cordon-LON-SUP-r05" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SUP-r05" policy="cordon-LON-SUP" filterlist="cordon-LON-SUP-r05" filteraction="cordon-LON-SUP-permit" conntype=all activate=yes

rem rule 6: permit-client-agent-in-tcp-80_443 (2 flows)
netsh ipsec static add filterlist name="cordon-LON-SUP-r06"
netsh ipsec static add filter filterlist="cordon-LON-SUP-r06" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SUP-r06" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=443 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SUP-r06" policy="cordon-LON-SUP" filterlist="cordon-LON-SUP-r06" filteraction="cordon-LON-SUP-permit" conntype=all activate=yes

rem rule 7: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-LON-SUP-r07"
netsh ipsec static add filter filterlist="cordon-LON-SUP-r07" srcaddr=10.30.0.21 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SUP-r07" policy="cordon-LON-SUP" filterlist="cordon-LON-SUP-r07" filteraction="cordon-LON-SUP-permit" conntype=all activate=yes

rem rule 8: require-out-tcp-445 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-SUP-r08"
netsh ipsec static add filter filterlist="cordon-LON-SUP-r08" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SUP-r08" policy="cordon-LON-SUP" filterlist="cordon-LON-SUP-r08" filteraction="cordon-LON-SUP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 9: require-in-tcp-80_443 (4 flows)
netsh ipsec static add filterlist name="cordon-LON-SUP-r09"
netsh ipsec static add filter filterlist="cordon-LON-SUP-r09" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SUP-r09" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=443 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SUP-r09" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-LON-SUP-r09" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=443 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SUP-r09" policy="cordon-LON-SUP" filterlist="cordon-LON-SUP-r09" filteraction="cordon-LON-SUP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 10: require-in-tcp-135_445_5000-5100 (3 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-LON-SUP-r10"
netsh ipsec static add filter filterlist="cordon-LON-SUP-r10" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SUP-r10" policy="cordon-LON-SUP" filterlist="cordon-LON-SUP-r10" filteraction="cordon-LON-SUP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 11: require-in-udp-135 (1 flows)
netsh ipsec static add filterlist name="cordon-LON-SUP-r11"
netsh ipsec static add filter filterlist="cordon-LON-SUP-r11" srcaddr=10.30.0.21 srcmask=32 dstaddr=10.30.0.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-LON-SUP-r11" policy="cordon-LON-SUP" filterlist="cordon-LON-SUP-r11" filteraction="cordon-LON-SUP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal

@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of CEN-SLP for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-CEN-SLP" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SLP-r09" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SLP-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SLP-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SLP-request" >nul 2>&1
netsh ipsec static add policy name="cordon-CEN-SLP" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-CEN-SLP-permit" action=permit
netsh ipsec static add filteraction name="cordon-CEN-SLP-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-CEN-SLP-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-domain-controller-out-tcp-53_88 (2 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r01"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r01" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r01" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r01" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r01" filteraction="cordon-CEN-SLP-permit" conntype=all activate=yes

rem rule 2: permit-domain-controller-out-udp-53_88 (2 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r02"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r02" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r02" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r02" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r02" filteraction="cordon-CEN-SLP-permit" conntype=all activate=yes

rem rule 3: permit-client-agent-in-tcp-80 (2 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r03"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r03" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r03" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r03" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r03" filteraction="cordon-CEN-SLP-permit" conntype=all activate=yes

rem rule 4: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r04"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r04" srcaddr=10.20.0.12 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r04" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r04" filteraction="cordon-CEN-SLP-permit" conntype=all activate=yes

rem rule 5: require-out-tcp-445 (1 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r05"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r05" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r05" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r05" filteraction="cordon-CEN-SLP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 6: require-out-tcp-1433 (1 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r06"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r06" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=TCP srcport=0 dstport=1433 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r06" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r06" filteraction="cordon-CEN-SLP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 7: require-in-tcp-80 (3 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r07"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.30.128.0 dstmask=18 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r07" srcaddr=10.20.0.12 srcmask=32 dstaddr=192.168.50.128 dstmask=25 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r07" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r07" filteraction="cordon-CEN-SLP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 8: require-in-tcp-135_445_5000-5100 (3 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-CEN-SLP-r08"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r08" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r08" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r08" filteraction="cordon-CEN-SLP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 9: require-in-udp-135 (1 flows)
netsh ipsec static add filterlist name="cordon-CEN-SLP-r09"
netsh ipsec static add filter filterlist="cordon-CEN-SLP-r09" srcaddr=10.20.0.12 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SLP-r09" policy="cordon-CEN-SLP" filterlist="cordon-CEN-SLP-r09" filteraction="cordon-CEN-SLP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal

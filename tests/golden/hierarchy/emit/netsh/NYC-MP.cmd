@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of NYC-MP for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-NYC-MP" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-MP-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-MP-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-MP-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-MP-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-MP-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-MP-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-MP-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-MP-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-MP-r09" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-MP-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-MP-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-MP-request" >nul 2>&1
netsh ipsec static add policy name="cordon-NYC-MP" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-NYC-MP-permit" action=permit
netsh ipsec static add filteraction name="cordon-NYC-MP-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-NYC-MP-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-domain-controller-out-tcp-53_88_135_389_3268_5000-5100 (6 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-NYC-MP-r01"
netsh ipsec static add filter filterlist="cordon-NYC-MP-r01" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-MP-r01" policy="cordon-NYC-MP" filterlist="cordon-NYC-MP-r01" filteraction="cordon-NYC-MP-permit" conntype=all activate=yes

rem rule 2: permit-domain-controller-out-udp-53_88_389 (3 flows)
netsh ipsec static add filterlist name="cordon-NYC-MP-r02"
netsh ipsec static add filter filterlist="cordon-NYC-MP-r02" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-MP-r02" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-MP-r02" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=389 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-MP-r02" policy="cordon-NYC-MP" filterlist="cordon-NYC-MP-r02" filteraction="cordon-NYC-MP-permit" conntype=all activate=yes

rem rule 3: permit-client-agent-in-tcp-80_443 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-MP-r03"
netsh ipsec static add filter filterlist="cordon-NYC-MP-r03" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-MP-r03" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=443 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-MP-r03" policy="cordon-NYC-MP" filterlist="cordon-NYC-MP-r03" filteraction="cordon-NYC-MP-permit" conntype=all activate=yes

rem rule 4: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-NYC-MP-r04"
netsh ipsec static add filter filterlist="cordon-NYC-MP-r04" srcaddr=10.20.1.11 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-MP-r04" policy="cordon-NYC-MP" filterlist="cordon-NYC-MP-r04" filteraction="cordon-NYC-MP-permit" conntype=all activate=yes

rem rule 5: require-out-tcp-135_445_5000-5100 (4 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-NYC-MP-r05"
netsh ipsec static add filter filterlist="cordon-NYC-MP-r05" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-MP-r05" policy="cordon-NYC-MP" filterlist="cordon-NYC-MP-r05" filteraction="cordon-NYC-MP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 6: require-out-tcp-1433 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-MP-r06"
netsh ipsec static add filter filterlist="cordon-NYC-MP-r06" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.0.11 dstmask=32 protocol=TCP srcport=0 dstport=1433 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-MP-r06" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=1433 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-MP-r06" policy="cordon-NYC-MP" filterlist="cordon-NYC-MP-r06" filteraction="cordon-NYC-MP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 7: require-in-tcp-80_443 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-MP-r07"
netsh ipsec static add filter filterlist="cordon-NYC-MP-r07" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-MP-r07" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.64.0 dstmask=20 protocol=TCP srcport=443 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-MP-r07" policy="cordon-NYC-MP" filterlist="cordon-NYC-MP-r07" filteraction="cordon-NYC-MP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 8: require-in-tcp-135_445_5000-5100 (6 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-NYC-MP-r08"
netsh ipsec static add filter filterlist="cordon-NYC-MP-r08" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-MP-r08" policy="cordon-NYC-MP" filterlist="cordon-NYC-MP-r08" filteraction="cordon-NYC-MP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 9: require-in-udp-135 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-MP-r09"
netsh ipsec static add filter filterlist="cordon-NYC-MP-r09" srcaddr=10.20.1.11 srcmask=32 dstaddr=10.20.1.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-MP-r09" policy="cordon-NYC-MP" filterlist="cordon-NYC-MP-r09" filteraction="cordon-NYC-MP-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal

@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of CEN-SQL for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-CEN-SQL" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SQL-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SQL-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SQL-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SQL-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SQL-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SQL-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CEN-SQL-r07" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SQL-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SQL-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CEN-SQL-request" >nul 2>&1
netsh ipsec static add policy name="cordon-CEN-SQL" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-CEN-SQL-permit" action=permit
netsh ipsec static add filteraction name="cordon-CEN-SQL-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-CEN-SQL-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-domain-controller-out-tcp-53_88 (2 flows)
netsh ipsec static add filterlist name="cordon-CEN-SQL-r01"
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r01" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r01" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SQL-r01" policy="cordon-CEN-SQL" filterlist="cordon-CEN-SQL-r01" filteraction="cordon-CEN-SQL-permit" conntype=all activate=yes

rem rule 2: permit-domain-controller-out-udp-53_88 (2 flows)
netsh ipsec static add filterlist name="cordon-CEN-SQL-r02"
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r02" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r02" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SQL-r02" policy="cordon-CEN-SQL" filterlist="cordon-CEN-SQL-r02" filteraction="cordon-CEN-SQL-permit" conntype=all activate=yes

rem rule 3: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-CEN-SQL-r03"
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r03" srcaddr=10.20.0.11 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SQL-r03" policy="cordon-CEN-SQL" filterlist="cordon-CEN-SQL-r03" filteraction="cordon-CEN-SQL-permit" conntype=all activate=yes

rem rule 4: require-in-tcp-80_443 (2 flows)
netsh ipsec static add filterlist name="cordon-CEN-SQL-r04"
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r04" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=80 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r04" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=443 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SQL-r04" policy="cordon-CEN-SQL" filterlist="cordon-CEN-SQL-r04" filteraction="cordon-CEN-SQL-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 5: require-in-tcp-135_445_5000-5100 (6 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-CEN-SQL-r05"
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r05" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SQL-r05" policy="cordon-CEN-SQL" filterlist="cordon-CEN-SQL-r05" filteraction="cordon-CEN-SQL-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 6: require-in-tcp-1433 (6 flows)
netsh ipsec static add filterlist name="cordon-CEN-SQL-r06"
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r06" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=TCP srcport=1433 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r06" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.20.0.12 dstmask=32 protocol=TCP srcport=1433 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r06" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.20.1.11 dstmask=32 protocol=TCP srcport=1433 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r06" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=1433 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SQL-r06" policy="cordon-CEN-SQL" filterlist="cordon-CEN-SQL-r06" filteraction="cordon-CEN-SQL-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 7: require-in-udp-135 (2 flows)
netsh ipsec static add filterlist name="cordon-CEN-SQL-r07"
netsh ipsec static add filter filterlist="cordon-CEN-SQL-r07" srcaddr=10.20.0.11 srcmask=32 dstaddr=10.20.0.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CEN-SQL-r07" policy="cordon-CEN-SQL" filterlist="cordon-CEN-SQL-r07" filteraction="cordon-CEN-SQL-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal

@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of brn-clients for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-brn-clients" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r06" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r07" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r08" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r09" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r10" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r11" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r12" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r13" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r14" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r15" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r16" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r17" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r18" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r19" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-brn-clients-r20" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-brn-clients-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-brn-clients-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-brn-clients-request" >nul 2>&1
netsh ipsec static add policy name="cordon-brn-clients" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-brn-clients-permit" action=permit
netsh ipsec static add filteraction name="cordon-brn-clients-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-brn-clients-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-out-of-band-out-tcp-9971 (1 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r01"
netsh ipsec static add filter filterlist="cordon-brn-clients-r01" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=9971 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r01" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r01" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 2: permit-out-of-band-in-tcp-16992-16993 (4 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-brn-clients-r02"
netsh ipsec static add filter filterlist="cordon-brn-clients-r02" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.1.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-brn-clients-r02" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r02" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r02" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 3: permit-out-of-band-in-tcp-16994-16995 (2 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-brn-clients-r03"
netsh ipsec static add filter filterlist="cordon-brn-clients-r03" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r03" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r03" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 4: permit-out-of-band-out-udp-53 (1 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r04"
netsh ipsec static add filter filterlist="cordon-brn-clients-r04" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r04" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r04" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 5: permit-catalog-out-udp-67_69_4011 (3 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r05"
netsh ipsec static add filter filterlist="cordon-brn-clients-r05" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.1.12 dstmask=32 protocol=UDP srcport=0 dstport=67 mirrored=yes
netsh ipsec static add filter filterlist="cordon-brn-clients-r05" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.1.12 dstmask=32 protocol=UDP srcport=0 dstport=69 mirrored=yes
netsh ipsec static add filter filterlist="cordon-brn-clients-r05" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.1.12 dstmask=32 protocol=UDP srcport=0 dstport=4011 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r05" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r05" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 6: permit-catalog-out-udp-63000-64000 (2 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-brn-clients-r06"
netsh ipsec static add filter filterlist="cordon-brn-clients-r06" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-brn-clients-r06" srcaddr=192.168.50.128 srcmask=25 dstaddr=192.168.50.10 dstmask=32 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r06" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r06" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 7: permit-catalog-in-udp-1-65535 (2 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-brn-clients-r07"
netsh ipsec static add filter filterlist="cordon-brn-clients-r07" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.1.12 dstmask=32 protocol=UDP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r07" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r07" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 8: permit-catalog-in-udp-9 (1 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r08"
netsh ipsec static add filter filterlist="cordon-brn-clients-r08" srcaddr=192.168.50.128 srcmask=25 dstaddr=192.168.50.10 dstmask=32 protocol=UDP srcport=9 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r08" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r08" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 9: permit-domain-controller-out-tcp-53 (1 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r09"
netsh ipsec static add filter filterlist="cordon-brn-clients-r09" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.0.5 dstmask=32 protocol=TCP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r09" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r09" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 10: permit-domain-controller-out-tcp-88_3268 (2 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r10"
netsh ipsec static add filter filterlist="cordon-brn-clients-r10" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add filter filterlist="cordon-brn-clients-r10" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=3268 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r10" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r10" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 11: permit-domain-controller-out-udp-53 (1 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r11"
netsh ipsec static add filter filterlist="cordon-brn-clients-r11" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.0.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r11" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r11" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 12: permit-domain-controller-out-udp-88 (1 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r12"
netsh ipsec static add filter filterlist="cordon-brn-clients-r12" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.30.0.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r12" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r12" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 13: permit-icmp (1 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r13"
netsh ipsec static add filter filterlist="cordon-brn-clients-r13" srcaddr=192.168.50.128 srcmask=25 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r13" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r13" filteraction="cordon-brn-clients-permit" conntype=all activate=yes

rem rule 14: require-out-tcp-80 (3 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r14"
netsh ipsec static add filter filterlist="cordon-brn-clients-r14" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.0.12 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-brn-clients-r14" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-brn-clients-r14" srcaddr=192.168.50.128 srcmask=25 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r14" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r14" filteraction="cordon-brn-clients-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 15: require-out-tcp-443 (3 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r15"
netsh ipsec static add filter filterlist="cordon-brn-clients-r15" srcaddr=192.168.50.128 srcmask=25 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r15" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r15" filteraction="cordon-brn-clients-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 16: require-out-tcp-445 (3 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r16"
netsh ipsec static add filter filterlist="cordon-brn-clients-r16" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.30.0.5 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-brn-clients-r16" srcaddr=192.168.50.128 srcmask=25 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r16" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r16" filteraction="cordon-brn-clients-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 17: require-in-tcp-135 (2 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r17"
netsh ipsec static add filter filterlist="cordon-brn-clients-r17" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add filter filterlist="cordon-brn-clients-r17" srcaddr=192.168.50.128 srcmask=25 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r17" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r17" filteraction="cordon-brn-clients-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 18: require-in-tcp-445_5000-5100 (2 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-brn-clients-r18"
netsh ipsec static add filter filterlist="cordon-brn-clients-r18" srcaddr=192.168.50.128 srcmask=25 dstaddr=192.168.50.10 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r18" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r18" filteraction="cordon-brn-clients-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 19: require-in-tcp-2701-2702_3389 (3 flows)
rem port ranges: netsh filters hold one port; this rule uses every port of its protocol
netsh ipsec static add filterlist name="cordon-brn-clients-r19"
netsh ipsec static add filter filterlist="cordon-brn-clients-r19" srcaddr=192.168.50.128 srcmask=25 dstaddr=10.20.5.50 dstmask=32 protocol=TCP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r19" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r19" filteraction="cordon-brn-clients-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"

rem rule 20: require-in-udp-135 (1 flows)
netsh ipsec static add filterlist name="cordon-brn-clients-r20"
netsh ipsec static add filter filterlist="cordon-brn-clients-r20" srcaddr=192.168.50.128 srcmask=25 dstaddr=192.168.50.10 dstmask=32 protocol=UDP srcport=135 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-brn-clients-r20" policy="cordon-brn-clients" filterlist="cordon-brn-clients-r20" filteraction="cordon-brn-clients-require" conntype=all activate=yes kerberos=yes rootca="CN=Contoso ConfigMgr IPsec CA, O=Contoso certmap:no excludecaname:no"
endlocal

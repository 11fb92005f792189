@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of NYC-SUP for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Contoso hierarchy (examples/hierarchy.toml)
rem Windows applies the most specific matching filter, not the first rule; cordon checked that it gives the plan's action.
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-NYC-SUP" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SUP-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SUP-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SUP-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-NYC-SUP-r04" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-SUP-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-SUP-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-NYC-SUP-request" >nul 2>&1
netsh ipsec static add policy name="cordon-NYC-SUP" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-NYC-SUP-permit" action=permit
netsh ipsec static add filteraction name="cordon-NYC-SUP-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-NYC-SUP-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-external-out-tcp-80_443 (2 flows)
netsh ipsec static add filterlist name="cordon-NYC-SUP-r01"
netsh ipsec static add filter filterlist="cordon-NYC-SUP-r01" srcaddr=172.20.0.21 srcmask=32 dstaddr=203.0.113.80 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add filter filterlist="cordon-NYC-SUP-r01" srcaddr=172.20.0.21 srcmask=32 dstaddr=203.0.113.80 dstmask=32 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SUP-r01" policy="cordon-NYC-SUP" filterlist="cordon-NYC-SUP-r01" filteraction="cordon-NYC-SUP-permit" conntype=all activate=yes

rem rule 2: permit-domain-controllers (12 flows)
netsh ipsec static add filterlist name="cordon-NYC-SUP-r02"
netsh ipsec static add filter filterlist="cordon-NYC-SUP-r02" srcaddr=172.20.0.21 srcmask=32 dstaddr=10.20.0.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SUP-r02" policy="cordon-NYC-SUP" filterlist="cordon-NYC-SUP-r02" filteraction="cordon-NYC-SUP-permit" conntype=all activate=yes

rem rule 3: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-NYC-SUP-r03"
netsh ipsec static add filter filterlist="cordon-NYC-SUP-r03" srcaddr=172.20.0.21 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SUP-r03" policy="cordon-NYC-SUP" filterlist="cordon-NYC-SUP-r03" filteraction="cordon-NYC-SUP-permit" conntype=all activate=yes

rem rule 4: require-any-to-subnet (21 flows)
netsh ipsec static add filterlist name="cordon-NYC-SUP-r04"
netsh ipsec static add filter filterlist="cordon-NYC-SUP-r04" srcaddr=172.20.0.0 srcmask=24 dstaddr=any protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-NYC-SUP-r04" policy="cordon-NYC-SUP" filterlist="cordon-NYC-SUP-r04" filteraction="cordon-NYC-SUP-require" conntype=all activate=yes rootca="O=Contoso, CN=Contoso ConfigMgr IPsec CA certmap:no excludecaname:no" kerberos=no
endlocal

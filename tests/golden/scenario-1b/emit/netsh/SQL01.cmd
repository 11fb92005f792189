@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of SQL01 for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
rem Windows applies the most specific matching filter, not the first rule; cordon checked that it gives the plan's action.
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-SQL01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-SQL01-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-SQL01-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-SQL01-r03" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-SQL01-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-SQL01-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-SQL01-request" >nul 2>&1
netsh ipsec static add policy name="cordon-SQL01" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-SQL01-permit" action=permit
netsh ipsec static add filteraction name="cordon-SQL01-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-SQL01-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-domain-controllers (12 flows)
netsh ipsec static add filterlist name="cordon-SQL01-r01"
netsh ipsec static add filter filterlist="cordon-SQL01-r01" srcaddr=10.10.1.20 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-SQL01-r01" policy="cordon-SQL01" filterlist="cordon-SQL01-r01" filteraction="cordon-SQL01-permit" conntype=all activate=yes

rem rule 2: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-SQL01-r02"
netsh ipsec static add filter filterlist="cordon-SQL01-r02" srcaddr=10.10.1.20 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-SQL01-r02" policy="cordon-SQL01" filterlist="cordon-SQL01-r02" filteraction="cordon-SQL01-permit" conntype=all activate=yes

rem rule 3: require-any-to-subnet (10 flows)
netsh ipsec static add filterlist name="cordon-SQL01-r03"
netsh ipsec static add filter filterlist="cordon-SQL01-r03" srcaddr=10.10.0.0 srcmask=16 dstaddr=any protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-SQL01-r03" policy="cordon-SQL01" filterlist="cordon-SQL01-r03" filteraction="cordon-SQL01-require" conntype=all activate=yes rootca="O=Example Corp, CN=Configuration Manager IPsec CA certmap:no excludecaname:no" kerberos=no
endlocal

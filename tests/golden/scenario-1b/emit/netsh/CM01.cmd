@echo off
setlocal DisableDelayedExpansion
rem cordon: IPsec policy of CM01 for netsh ipsec static (Windows Server 2003 / XP)
rem hierarchy: Scenario 1b: Internet-based site across perimeter and intranet (examples/scenario-1b.toml)
rem Windows applies the most specific matching filter, not the first rule; cordon checked that it gives the plan's action.
rem Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes
netsh ipsec static delete policy name="cordon-CM01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CM01-r01" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CM01-r02" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CM01-r03" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CM01-r04" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CM01-r05" >nul 2>&1
netsh ipsec static delete filterlist name="cordon-CM01-r06" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CM01-permit" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CM01-require" >nul 2>&1
netsh ipsec static delete filteraction name="cordon-CM01-request" >nul 2>&1
netsh ipsec static add policy name="cordon-CM01" description="cordon" mmsecmethods="3DES-SHA1-3" activatedefaultrule=no assign=no
netsh ipsec static add filteraction name="cordon-CM01-permit" action=permit
netsh ipsec static add filteraction name="cordon-CM01-require" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=no soft=no qmpfs=no
netsh ipsec static add filteraction name="cordon-CM01-request" action=negotiate qmsecmethods="ESP[3DES,SHA1]" inpass=yes soft=yes qmpfs=no

rem rule 1: permit-domain-controller-out-tcp-53_88_135_389_445_464_636_3268-3269_5000-5100 (14 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (14 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-CM01-r01"
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=389 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=445 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=464 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=636 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=3268 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=3269 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5000 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5001 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5002 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5003 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5004 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5005 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5006 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5007 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5008 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5009 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5010 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5011 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5012 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5013 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5014 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5015 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5016 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5017 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5018 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5019 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5020 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5021 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5022 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5023 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5024 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5025 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5026 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5027 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5028 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5029 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5030 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5031 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5032 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5033 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5034 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5035 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5036 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5037 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5038 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5039 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5040 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5041 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5042 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5043 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5044 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5045 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5046 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5047 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5048 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5049 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5050 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5051 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5052 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5053 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5054 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5055 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5056 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5057 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5058 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5059 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5060 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5061 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5062 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5063 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5064 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5065 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5066 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5067 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5068 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5069 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5070 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5071 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5072 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5073 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5074 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5075 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5076 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5077 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5078 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5079 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5080 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5081 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5082 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5083 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5084 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5085 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5086 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5087 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5088 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5089 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5090 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5091 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5092 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5093 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5094 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5095 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5096 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5097 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5098 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5099 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r01" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=TCP srcport=0 dstport=5100 mirrored=yes
netsh ipsec static add rule name="cordon-CM01-r01" policy="cordon-CM01" filterlist="cordon-CM01-r01" filteraction="cordon-CM01-permit" conntype=all activate=yes

rem rule 2: permit-domain-controller-out-udp-53_88_123_135_389_464_636 (8 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (8 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-CM01-r02"
netsh ipsec static add filter filterlist="cordon-CM01-r02" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=UDP srcport=0 dstport=53 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r02" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=UDP srcport=0 dstport=88 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r02" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=UDP srcport=0 dstport=123 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r02" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=UDP srcport=0 dstport=135 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r02" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=UDP srcport=0 dstport=389 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r02" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=UDP srcport=0 dstport=464 mirrored=yes
netsh ipsec static add filter filterlist="cordon-CM01-r02" srcaddr=10.10.1.10 srcmask=32 dstaddr=10.10.1.5 dstmask=32 protocol=UDP srcport=0 dstport=636 mirrored=yes
netsh ipsec static add rule name="cordon-CM01-r02" policy="cordon-CM01" filterlist="cordon-CM01-r02" filteraction="cordon-CM01-permit" conntype=all activate=yes

rem rule 3: permit-client-agent-out-tcp-80 (1 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (1 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-CM01-r03"
netsh ipsec static add filter filterlist="cordon-CM01-r03" srcaddr=10.10.1.10 srcmask=32 dstaddr=172.16.10.13 dstmask=32 protocol=TCP srcport=0 dstport=80 mirrored=yes
netsh ipsec static add rule name="cordon-CM01-r03" policy="cordon-CM01" filterlist="cordon-CM01-r03" filteraction="cordon-CM01-permit" conntype=all activate=yes

rem rule 4: permit-client-agent-out-tcp-443 (2 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (2 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-CM01-r04"
netsh ipsec static add filter filterlist="cordon-CM01-r04" srcaddr=10.10.1.10 srcmask=32 dstaddr=172.16.10.10 dstmask=31 protocol=TCP srcport=0 dstport=443 mirrored=yes
netsh ipsec static add rule name="cordon-CM01-r04" policy="cordon-CM01" filterlist="cordon-CM01-r04" filteraction="cordon-CM01-permit" conntype=all activate=yes

rem rule 5: permit-icmp (0 flows)
netsh ipsec static add filterlist name="cordon-CM01-r05"
netsh ipsec static add filter filterlist="cordon-CM01-r05" srcaddr=10.10.1.10 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CM01-r05" policy="cordon-CM01" filterlist="cordon-CM01-r05" filteraction="cordon-CM01-permit" conntype=all activate=yes

rem rule 6: require-any-to-subnet (32 flows)
rem IPv6 part left out: Windows Server 2003 IPsec has no IPv6 (32 flows of this rule lose it)
netsh ipsec static add filterlist name="cordon-CM01-r06"
netsh ipsec static add filter filterlist="cordon-CM01-r06" srcaddr=10.10.0.0 srcmask=16 dstaddr=any protocol=ANY srcport=0 dstport=0 mirrored=yes
netsh ipsec static add rule name="cordon-CM01-r06" policy="cordon-CM01" filterlist="cordon-CM01-r06" filteraction="cordon-CM01-require" conntype=all activate=yes rootca="O=Example Corp, CN=Configuration Manager IPsec CA certmap:no excludecaname:no" kerberos=no
endlocal

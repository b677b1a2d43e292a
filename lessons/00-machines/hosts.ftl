# BEGIN hardway
# cluster ${cluster.name}: managed by lesson 00-machines; edits inside this block are replaced on the next run
<#list cluster.nodes as n>
${n.ip}	${n.fqdn} ${n.name}
</#list>
# END hardway

# ${cluster.name}: ${cluster.nodes?size} machines, ${cluster.totalCpus} CPUs, ${cluster.totalMemory} MiB
<#list cluster.nodes as n>
${n.name?right_pad(10)} ${n.ip?right_pad(15)} ${n.roles?join(",")?right_pad(10)} ${n.cpus} cpu ${n.memory} MiB<#if n.podCidr?has_content> pods ${n.podCidr}</#if>
</#list>
API endpoint: ${cluster.api.endpoint}

# Policies for batchform plans, in Rego (OPA 1.x syntax), written against Terraform's JSON plan format, which
# `batchform plan --json` and `batchform show PLANFILE --json` write:
#
#   batchform plan --out tfplan && batchform show tfplan --json > plan.json
#   conftest test plan.json -p examples/policy          # or: opa eval -d examples/policy -i plan.json data.main
#
# A rule sees the whole planned object of each change (`change.after`), service defaults included, so a rule on a
# value the spec leaves out (a storage account's minimum TLS version) still sees it.
package main

import rego.v1

# The VM sizes pools may use.
allowed_vm_sizes := {"Standard_D2s_v3", "Standard_D4s_v3", "Standard_D8s_v3"}

changes contains rc if {
	some rc in input.resource_changes
	rc.mode == "managed"
}

# A pool is created or changed to a VM size that is not allowed.
deny contains msg if {
	some rc in changes
	rc.type == "pool"
	some action in rc.change.actions
	action in {"create", "update"}
	not rc.change.after.vmSize in allowed_vm_sizes
	msg := sprintf("%s: VM size %s is not one of %v", [rc.address, rc.change.after.vmSize, allowed_vm_sizes])
}

# A pool is replaced (its running tasks go) for any reason but an explicit --replace.
deny contains msg if {
	some rc in changes
	rc.type == "pool"
	"delete" in rc.change.actions
	"create" in rc.change.actions
	rc.action_reason != "replace_by_request"
	msg := sprintf("%s would be replaced (%s): drain it instead (updateStrategy: drain) or ask with --replace", [rc.address, rc.action_reason])
}

# A Batch account is destroyed.
deny contains msg if {
	some rc in changes
	rc.type == "batchAccount"
	"delete" in rc.change.actions
	msg := sprintf("%s would be deleted with every pool in it", [rc.address])
}

# A storage account accepts TLS older than 1.2 (the service default is TLS1_2, and after shows it).
deny contains msg if {
	some rc in changes
	rc.type == "storageAccount"
	rc.change.after != null
	rc.change.after.minimumTlsVersion != "TLS1_2"
	msg := sprintf("%s accepts %s; require TLS1_2", [rc.address, rc.change.after.minimumTlsVersion])
}

# A Batch account reachable from the public network: allowed, but worth a look.
warn contains msg if {
	some rc in changes
	rc.type == "batchAccount"
	rc.change.after.publicNetworkAccess == "Enabled"
	msg := sprintf("%s is reachable from the public network", [rc.address])
}

# The plan is not one that can be applied (an error, such as a quota shortfall).
deny contains msg if {
	input.errored
	msg := "the plan has errors: batchform would not apply it"
}

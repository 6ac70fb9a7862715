# SPDX-License-Identifier: GPL-2.0
# Hand-written run directories for the report/compare/dashboard tests.
# Sourced (not a test itself). Every number here is chosen so the expected
# report text can be worked out by hand; the histogram buckets are the
# log-linear bounds of trace/hist.h (one bucket per value below 128 ns,
# width 4 in [256, 512), 8 in [512, 1024), 16 in [1024, 2048)).

# meta NAME TARGET DESIGNS_JSON LABEL CELLS_JSON [LOST] [START_EPOCH]
_fx_meta() {
	cat >"$1/meta.json" <<JSON
{ "format_version": 1, "run_id": "$4@fixture#${7:-1700000000}", "label": "$4",
  "status": "complete", "target": "$2", "designs": $3, "profile": "morello",
  "host": "fixture", "board": "${FX_BOARD:-fixture-board}",
  "kernel": { "release": "6.18.0-fixture", "cmdline": "kvm-arm.mode=protected" },
  "smmubench": { "version": "0.1.0", "gitrev": "fixture" },
  "sources": [ "remote-text:/sys/kernel/tracing/remotes/hypervisor" ],
  "cells": $5,
  "start": "2026-11-2${FX_DAY:-0}T10:00:00Z", "start_epoch_s": ${7:-1700000000},
  "end": "2026-11-2${FX_DAY:-0}T10:05:00Z", "lost_events": ${6:-0}, "errors": 0 }
JSON
}

# row CELL DESIGN WORKLOAD REP OP METRIC UNIT VALUE N
_fx_row() {
	printf '{"cell":"%s","design":"%s","workload":"%s","rep":%s,"op":"%s","metric":"%s","unit":"%s","value":%s,"n":%s}\n' "$@"
}

# hist DIR CELL OP JSON
_fx_hist() {
	mkdir -p "$1/hist/$2"
	printf '%s\n' "$4" >"$1/hist/$2/$3.json"
}

# native map: 90 x 100 ns + 10 x 120 ns (exact buckets): p50 = p90 = 100, p99 = 120
FX_H_NATIVE_MAP='{"unit":"ns","count":100,"min":100,"max":120,"sum":10200,"p50":100,"p90":100,"p99":120,"p99_9":120,"buckets":[[100,100,90],[120,120,10]]}'
# native unmap: 100 x [704,711]
FX_H_NATIVE_UNMAP='{"unit":"ns","count":100,"min":704,"max":711,"sum":70700,"p50":707,"p90":707,"p99":707,"p99_9":707,"buckets":[[704,711,100]]}'
# paravirt map: 90 x [300,303] + 10 x [400,403]
FX_H_PV_MAP='{"unit":"ns","count":100,"min":300,"max":403,"sum":31000,"p50":301,"p90":301,"p99":401,"p99_9":401,"buckets":[[300,303,90],[400,403,10]]}'
# paravirt unmap: 100 x [1296,1311]
FX_H_PV_UNMAP='{"unit":"ns","count":100,"min":1296,"max":1311,"sum":130000,"p50":1303,"p90":1303,"p99":1303,"p99_9":1303,"buckets":[[1296,1311,100]]}'

# fx_runs ROOT: writes ROOT/hw-native (target hw, design native) and
# ROOT/model-pv (target model, designs paravirt + nested, with a sweep).
fx_runs() {
	local root=$1 d r v
	d=$root/hw-native
	mkdir -p "$d"
	_fx_meta "$d" hw '["native"]' hw-native '[
	  {"name":"dmabench.granule=1","design":"native","workload":"dmabench","params":"granule=1 threads=1"},
	  {"name":"fio4k","design":"native","workload":"fio","params":"bs=4k rw=randread"}]'
	: >"$d/results.jsonl"
	for r in 0 1 2 3 4; do
		_fx_row dmabench.granule=1 native dmabench $r map tool_mean ns 100 1000 >>"$d/results.jsonl"
		_fx_row dmabench.granule=1 native dmabench $r unmap tool_mean ns 700 1000 >>"$d/results.jsonl"
		_fx_row fio4k native fio $r fio_read iops iops $((50000 + r * 100)) 1 >>"$d/results.jsonl"
		_fx_row fio4k native fio $r map cost_per_io ns 100 1 >>"$d/results.jsonl"
		_fx_row fio4k native fio $r unmap cost_per_io ns 700 1 >>"$d/results.jsonl"
	done
	_fx_row dmabench.granule=1 native dmabench 0 lost lost_events events 0 1 >>"$d/results.jsonl"
	: >"$d/errors.jsonl"
	_fx_hist "$d" dmabench.granule=1 map "$FX_H_NATIVE_MAP"
	_fx_hist "$d" dmabench.granule=1 unmap "$FX_H_NATIVE_UNMAP"

	d=$root/model-pv
	mkdir -p "$d"
	_fx_meta "$d" model '["paravirt","nested"]' model-pv '[
	  {"name":"paravirt.dmabench.granule=1","design":"paravirt","workload":"dmabench","params":"granule=1 threads=1"},
	  {"name":"nested.dmabench.granule=1","design":"nested","workload":"dmabench","params":"granule=1 threads=1"},
	  {"name":"paravirt.fio4k","design":"paravirt","workload":"fio","params":"bs=4k rw=randread"},
	  {"name":"paravirt.dmabench.batch=1","design":"paravirt","workload":"dmabench","params":"granule=1 threads=1 cmds_per_sync=1"},
	  {"name":"paravirt.dmabench.batch=4","design":"paravirt","workload":"dmabench","params":"granule=1 threads=1 cmds_per_sync=4"},
	  {"name":"paravirt.dmabench.batch=16","design":"paravirt","workload":"dmabench","params":"granule=1 threads=1 cmds_per_sync=16"}]' 3
	: >"$d/results.jsonl"
	for r in 0 1 2 3 4; do
		_fx_row paravirt.dmabench.granule=1 paravirt dmabench $r map tool_mean ns 300 1000 >>"$d/results.jsonl"
		_fx_row paravirt.dmabench.granule=1 paravirt dmabench $r unmap tool_mean ns 1300 1000 >>"$d/results.jsonl"
		_fx_row nested.dmabench.granule=1 nested dmabench $r map tool_mean ns 150 1000 >>"$d/results.jsonl"
		_fx_row nested.dmabench.granule=1 nested dmabench $r unmap tool_mean ns 2500 1000 >>"$d/results.jsonl"
		_fx_row paravirt.fio4k paravirt fio $r fio_read iops iops $((40000 + r * 100)) 1 >>"$d/results.jsonl"
		_fx_row paravirt.fio4k paravirt fio $r map cost_per_io ns 300 1 >>"$d/results.jsonl"
		_fx_row paravirt.fio4k paravirt fio $r unmap cost_per_io ns 1300 1 >>"$d/results.jsonl"
		_fx_row paravirt.fio4k paravirt fio $r hypercall cost_per_io ns 200 1 >>"$d/results.jsonl"
	done
	# sweep: unmap latency falls, syncs per unmap = 1 / batch
	for v in 1 4 16; do
		_fx_row paravirt.dmabench.batch=$v paravirt dmabench 0 unmap syncs_per_unmap count \
			"$(awk -v b=$v 'BEGIN { printf "%g", 1 / b }')" 1000 >>"$d/results.jsonl"
	done
	_fx_row paravirt.dmabench.granule=1 paravirt dmabench 2 lost lost_events events 3 1 >>"$d/results.jsonl"
	: >"$d/errors.jsonl"
	_fx_hist "$d" paravirt.dmabench.granule=1 map "$FX_H_PV_MAP"
	_fx_hist "$d" paravirt.dmabench.granule=1 unmap "$FX_H_PV_UNMAP"
	# a batch-size op: the histogram file says ns (hist.h), the row says pages
	_fx_hist "$d" paravirt.dmabench.granule=1 smmu_unmap.pgcount \
		'{"unit":"ns","count":100,"min":1,"max":2,"sum":110,"buckets":[[1,1,90],[2,2,10]]}'
	_fx_row paravirt.dmabench.granule=1 paravirt dmabench 0 smmu_unmap.pgcount mean pages 1.1 100 >>"$d/results.jsonl"
	_fx_hist "$d" paravirt.dmabench.batch=1 unmap '{"unit":"ns","count":10,"min":2048,"max":2079,"sum":20600,"buckets":[[2048,2079,10]]}'
	_fx_hist "$d" paravirt.dmabench.batch=4 unmap '{"unit":"ns","count":10,"min":1296,"max":1311,"sum":13000,"buckets":[[1296,1311,10]]}'
	_fx_hist "$d" paravirt.dmabench.batch=16 unmap '{"unit":"ns","count":10,"min":704,"max":711,"sum":7070,"buckets":[[704,711,10]]}'
}

# fx_pair DIR LABEL SCALE_PCT: a hw run of design paravirt with 8 repetitions
# of a dmabench cell (unmap mean, ns) and a fio cell (iops). Unmap times are
# the base values x (1 + SCALE_PCT/100), IOPS / (1 + SCALE_PCT/100). Base
# unmap values 990..1010 have median (1000 + 1002) / 2 = 1001 ns.
fx_pair() {
	local d=$1 label=$2 pct=$3 r=0 v
	mkdir -p "$d"
	_fx_meta "$d" hw '["paravirt"]' "$label" '[
	  {"name":"dmabench.granule=1","design":"paravirt","workload":"dmabench","params":"granule=1 threads=1"},
	  {"name":"fio4k","design":"paravirt","workload":"fio","params":"bs=4k"}]' 0 "${FX_EPOCH:-1700000000}"
	: >"$d/results.jsonl"
	: >"$d/errors.jsonl"
	for v in 1000 1010 990 1005 995 1002 998 1008; do
		_fx_row dmabench.granule=1 paravirt dmabench $r unmap mean ns \
			"$(awk -v v=$v -v p="$pct" 'BEGIN { printf "%.6f", v * (1 + p / 100) }')" 1000 >>"$d/results.jsonl"
		_fx_row fio4k paravirt fio $r fio_read iops iops \
			"$(awk -v v=$v -v p="$pct" 'BEGIN { printf "%.6f", v * 50 / (1 + p / 100) }')" 1 >>"$d/results.jsonl"
		r=$((r + 1))
	done
}

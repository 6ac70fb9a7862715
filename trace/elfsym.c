// SPDX-License-Identifier: GPL-2.0
/*
 * A uprobe is placed at a file offset (Documentation/trace/uprobetracer.rst:
 * "PATH:OFFSET"), so a function name is looked up in the ELF symbol table
 * and its address turned into an offset through the PT_LOAD segment that
 * holds it.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace_int.h"

static int elf_lookup(const unsigned char *m, size_t size, const char *sym, uint64_t *off)
{
	const Elf64_Ehdr *eh = (const void *)m;
	const Elf64_Shdr *sh;
	const Elf64_Phdr *ph;
	uint64_t addr = 0;
	unsigned int i, j;
	bool found = false;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64)
		return -ENOEXEC;
	if (eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(*sh) > size ||
	    eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(*ph) > size)
		return -ENOEXEC;
	sh = (const void *)(m + eh->e_shoff);
	for (i = 0; i < eh->e_shnum && !found; i++) {
		const Elf64_Sym *syms;
		const char *str;
		uint64_t n;

		if (sh[i].sh_type != SHT_SYMTAB && sh[i].sh_type != SHT_DYNSYM)
			continue;
		if (sh[i].sh_link >= eh->e_shnum || sh[i].sh_offset + sh[i].sh_size > size ||
		    sh[sh[i].sh_link].sh_offset + sh[sh[i].sh_link].sh_size > size)
			continue;
		syms = (const void *)(m + sh[i].sh_offset);
		str = (const char *)m + sh[sh[i].sh_link].sh_offset;
		n = sh[i].sh_size / sizeof(*syms);
		for (j = 0; j < n; j++) {
			if (ELF64_ST_TYPE(syms[j].st_info) != STT_FUNC || !syms[j].st_value ||
			    syms[j].st_name >= sh[sh[i].sh_link].sh_size)
				continue;
			if (!strcmp(str + syms[j].st_name, sym)) {
				addr = syms[j].st_value;
				found = true;
				break;
			}
		}
	}
	if (!found)
		return -ENOENT;
	ph = (const void *)(m + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && addr >= ph[i].p_vaddr &&
		    addr < ph[i].p_vaddr + ph[i].p_filesz) {
			*off = addr - ph[i].p_vaddr + ph[i].p_offset;
			return 0;
		}
	}
	return -ENOENT;
}

int trace_elf_sym_offset(const char *path, const char *sym, uint64_t *off)
{
	struct stat st;
	void *m;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !st.st_size) {
		close(fd);
		return -ENOEXEC;
	}
	m = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -errno;
	ret = elf_lookup(m, st.st_size, sym, off);
	munmap(m, st.st_size);
	return ret;
}

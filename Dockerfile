# A small runtime image of stowage: the program, stowage-loader and the data it reads
# (share/stowage/: the catalog, the shipped workloads, sweeps and accuracy suite), on Debian 12
# slim with only the shared libraries the programs link. Two stages: `build` compiles with the
# build dependencies of scripts/build.sh and installs into a staging root (as `cmake --install`
# does, docs/install.md); the runtime stage copies that tree and installs the libraries.
#   docker build -t REGISTRY/stowage:TAG --build-arg REVISION=$(git describe --always --dirty) .
#   docker build -t REGISTRY/stowage:TAG-cuda --build-arg CUDA=ON .   # the loader's CUDA path
#   docker push REGISTRY/stowage:TAG
#   docker run --rm REGISTRY/stowage:TAG advise
# CUDA=ON builds the loader's GPU path with Debian's nvidia-cuda-toolkit (non-free; CUDA 11.8,
# whose nvcc knows every architecture loader/CMakeLists.txt asks for); the CUDA runtime is linked
# statically, so the image needs only the driver's libcuda, which the NVIDIA container runtime
# mounts (`docker run --gpus all`, or a Kubernetes nvidia.com/gpu request). Without it,
# stowage-loader measures the host path only and says so.
# tests/install/dockerfile_test.sh checks, without a container builder, that every file this
# Dockerfile copies exists after the install step it mirrors.
ARG BASE=debian:12-slim

FROM ${BASE} AS build
ARG CUDA=OFF
ARG REVISION=unknown
# Parallel compile jobs (default: Ninja's, the cores plus two).
ARG JOBS=
RUN set -eux; \
    if [ "$CUDA" = ON ]; then \
      sed -i 's/^Components: main$/Components: main contrib non-free non-free-firmware/' \
        /etc/apt/sources.list.d/debian.sources; \
      cuda=nvidia-cuda-toolkit; \
    else cuda=; fi; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      cmake g++ ninja-build pkg-config libyaml-cpp-dev libfyaml-dev libjemalloc-dev libfmt-dev \
      libeigen3-dev libcli11-dev nlohmann-json3-dev $cuda; \
    rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTOWAGE_BUILD_TESTS=OFF \
      -DSTOWAGE_ENABLE_CUDA=${CUDA} -DSTOWAGE_REVISION=${REVISION} \
 && cmake --build /build --target stowage stowage-loader ${JOBS:+-j$JOBS} \
 && DESTDIR=/stage cmake --install /build --prefix /usr/local \
 && /stage/usr/local/bin/stowage --version

FROM ${BASE}
RUN set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libyaml-cpp0.7 libfyaml0 libjemalloc2 libfmt9; \
    apt-get clean; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
COPY --from=build /stage/usr/local/bin/stowage /stage/usr/local/bin/stowage-loader /usr/local/bin/
COPY --from=build /stage/usr/local/share/stowage /usr/local/share/stowage
COPY --from=build /stage/usr/local/share/man/man1/stowage.1 /usr/local/share/man/man1/
COPY --from=build /stage/usr/local/share/bash-completion/completions/stowage \
     /usr/local/share/bash-completion/completions/
ENV NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility
RUN stowage --version && stowage profiles list --kind storage >/dev/null
WORKDIR /work
ENTRYPOINT ["stowage"]
CMD ["--help"]

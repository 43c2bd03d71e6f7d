from percae_core.cli.app import main

main()
